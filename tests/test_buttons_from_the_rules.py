"""The change page offers exactly the steps the workflow table allows this user now; a step page the user may not
take is refused before any form; “Xem trên trang web” opens a preview for an article readers cannot open yet."""

import re

import pytest
from django.urls import reverse

from articles.newsroom import live_edits, services, workflow
from articles.newsroom.models import Article
from tests.factories import article_form_data, make_agency, make_article, make_editor

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def desk():
    agency = make_agency("Sở Y tế")
    return {
        "agency": agency,
        "writer": make_editor("phongvien", roles=("writer",), agencies=(agency,)),
        "approver": make_editor("pheduyet", roles=("approver",), agencies=(agency,)),
        "both": make_editor("cahai", roles=("writer", "approver"), agencies=(agency,)),
        "outsider": make_editor("ngoai", roles=("writer", "approver"), agencies=(make_agency(),)),
    }


def change_page(client, user, article) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    return response.content.decode() if response.status_code == 200 else ""


def offered(client, user, article) -> tuple[set[str], set[str]]:
    """The steps linked from the change page, and those of them styled as the primary step."""
    html = change_page(client, user, article)
    links = re.findall(r'<a href="[^"]*/quy-trinh/([a-z-]+)/" class="button-(primary|secondary)"', html)
    return {slug for slug, _ in links}, {slug for slug, kind in links if kind == "primary"}


def article_in(desk, status: str, *, submitted_by: str | None = None) -> Article:
    article = make_article(f"Bài {status}", agency=desk["agency"], status=Status.DRAFT)
    if status != Status.DRAFT:
        services.submit(article=article, by=desk[submitted_by or "writer"])
    if status in (Status.PUBLISHED, Status.WITHDRAWN):
        services.approve(article=article, by=desk["approver"])
    if status == Status.WITHDRAWN:
        services.withdraw(article=article, by=desk["approver"], reason="Sai số liệu")
    article.refresh_from_db()
    return article


# (state of the article, who looks) -> (steps offered, the primary one)
CASES = [
    ("draft", "writer", {"gui-duyet"}, {"gui-duyet"}),
    ("draft", "approver", set(), set()),
    ("submitted", "writer", set(), set()),  # the writer who submitted waits: no approval offered
    ("submitted", "both", {"tra-lai"}, set()),  # an approver who submitted it may not approve it either
    ("submitted", "approver", {"duyet", "tra-lai"}, {"duyet"}),
    ("published", "writer", set(), set()),
    ("published", "approver", {"dang-lai", "go-bai", "luu-tru"}, set()),
    ("withdrawn", "approver", {"dang-lai", "luu-tru"}, set()),
    ("edit", "writer", {"huy-ban-sua"}, set()),  # whoever saved an edit may drop it, not publish it
    ("edit", "both", {"tra-lai-ban-sua", "huy-ban-sua", "dang-lai", "go-bai", "luu-tru"}, set()),
    ("edit", "approver", {"dang-ban-sua", "tra-lai-ban-sua", "huy-ban-sua", "dang-lai", "go-bai", "luu-tru"},
     {"dang-ban-sua"}),
    ("draft", "outsider", set(), set()),
]  # fmt: skip


@pytest.mark.parametrize(("state", "who", "steps", "primary"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_the_change_page_offers_the_steps_of_the_table_and_marks_the_primary_one(
    client, desk, state, who, steps, primary
):
    if state == "edit":
        article = article_in(desk, Status.PUBLISHED)
        saver = desk["both"] if who == "both" else desk["writer"]
        live_edits.propose(
            article=article, by=saver, data=live_edits.data_of(article), expected_version=article.version
        )
    else:
        article = article_in(desk, state, submitted_by="both" if who == "both" else None)
    assert offered(client, desk[who], article) == (steps, primary)
    assert steps == {step.slug for step in workflow.steps_for(desk[who], article)}


def test_a_step_the_user_may_not_take_is_refused_before_its_form(client, desk):
    article = article_in(desk, Status.SUBMITTED)
    client.force_login(desk["writer"])
    response = client.get(reverse("admin:articles_article_step", args=[article.pk, "duyet"]), follow=True)
    html = response.content.decode()
    assert 'name="publish_at_0"' not in html and "Bạn không có quyền duyệt bài này" in html
    client.force_login(desk["both"])
    draft = article_in(desk, Status.SUBMITTED, submitted_by="both")
    html = client.get(reverse("admin:articles_article_step", args=[draft.pk, "duyet"]), follow=True).content.decode()
    assert workflow.two_person_rule(draft) in html and 'name="publish_at_0"' not in html


def test_the_approve_page_shows_the_article_as_readers_will_see_it(client, desk):
    article = article_in(desk, Status.SUBMITTED)
    client.force_login(desk["approver"])
    html = client.get(reverse("admin:articles_article_step", args=[article.pk, "duyet"])).content.decode()
    preview_url = reverse("public:staff_preview", args=[article.pk])
    assert f'<iframe class="review-frame" src="{preview_url}" sandbox' in html
    assert "Bài chưa từng được đăng" in html
    preview = client.get(preview_url)
    assert preview.status_code == 200 and article.title in preview.content.decode()
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]


def test_view_on_site_opens_the_preview_of_an_unpublished_article(client, desk):
    draft = article_in(desk, Status.DRAFT)
    html = change_page(client, desk["writer"], draft)
    preview_url = reverse("public:staff_preview", args=[draft.pk])
    assert f'<a href="{preview_url}">Xem trên trang web</a>' in html
    response = client.get(preview_url)
    assert response.status_code == 200 and "Bản xem trước – bài chưa được công bố" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    # The public address of a draft is still a 404 for readers, and the preview is staff only.
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(preview_url).status_code == 302
    client.force_login(desk["outsider"])
    assert client.get(preview_url).status_code == 403


def test_the_history_is_one_timeline_of_steps_and_saved_versions(client, desk):
    client.force_login(desk["writer"])
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Bài có lịch sử",
            "lead": "",
            "body": "<p>Một.</p>",
            "agency": desk["agency"].pk,
            "source": "",
            "published_at_0": "18/06/2018",
            "published_at_1": "19:52",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Bài có lịch sử")
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, body="<p>Hai.</p>")
    )
    services.submit(article=Article.objects.get(pk=article.pk), by=desk["writer"], comment="Nhờ duyệt giúp.")
    services.reject(article=Article.objects.get(pk=article.pk), by=desk["approver"], comment="Thiếu nguồn.")
    client.force_login(desk["writer"])
    html = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", html, re.S)
    whats = [re.findall(r"<td>(.*?)</td>", row, re.S)[2] for row in rows]
    # Newest first: each step once, a plain save once, the creation once (its revision on the same line).
    assert whats == ["Trả lại", "Gửi duyệt", "Lưu bài", "Tạo bài"]
    assert "Thiếu nguồn." in html and "Nhờ duyệt giúp." in html
    assert html.count("So sánh với bản trước") == 3 and "Khôi phục bản này" in html
    # The change page shows the same timeline; the separate “Phiên bản” link is gone.
    page = change_page(client, desk["writer"], article)
    assert "Lịch sử gần đây" in page and '/phien-ban/">Phiên bản</a>' not in page
