import pytest
from django.urls import reverse

from articles.newsroom import services
from articles.newsroom.models import Article
from tests.factories import article_form_data, make_agency, make_article, make_editor, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def editing(client):
    agency = make_agency()
    writer = make_editor("lan", roles=("writer",), agencies=(agency,))
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Hội nghị sơ kết",
            "lead": "Sapo ban đầu",
            "body": "<p>Đoạn một.</p><p>Đoạn hai.</p>",
            "agency": agency.pk,
            "source": "",
            "published_at_0": "18/06/2018",
            "published_at_1": "19:52",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Hội nghị sơ kết")
    official = make_official("Ngô Thị Thanh Hằng")
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(
            article, title="Hội nghị tổng kết", body="<p>Đoạn một.</p><p>Đoạn hai đã sửa.</p>", officials=[official.pk]
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    return article, writer


def test_every_save_keeps_a_revision_with_its_author(editing):
    article, writer = editing
    versions = list(services.revisions_of(article))
    assert len(versions) == 2
    assert [v.revision.user for v in versions] == [writer, writer]
    assert versions[0].field_dict["title"] == "Hội nghị tổng kết"
    assert versions[1].field_dict["title"] == "Hội nghị sơ kết"


def test_workflow_steps_keep_revisions_too(editing):
    article, writer = editing
    services.submit(article=article, by=writer)
    newest = services.revisions_of(article).first()
    assert newest.field_dict["status"] == Article.Status.SUBMITTED
    assert "Gửi duyệt" in newest.revision.get_comment()


def test_two_revisions_compare_as_a_readable_text_diff(client, editing):
    article, _ = editing
    newer, older = services.revisions_of(article)[:2]
    response = client.get(
        reverse("admin:articles_article_revisions", args=[article.pk]), {"a": older.pk, "b": newer.pk}
    )
    assert response.status_code == 200
    changes = {change.label: change.lines for change in response.context["differences"]}
    assert set(changes) == {"Tiêu đề", "Nội dung", "Cán bộ được nhắc đến"}
    assert ("removed", "Hội nghị sơ kết") in changes["Tiêu đề"] and ("added", "Hội nghị tổng kết") in changes["Tiêu đề"]
    assert ("same", "Đoạn một.") in changes["Nội dung"]
    assert ("removed", "Đoạn hai.") in changes["Nội dung"] and ("added", "Đoạn hai đã sửa.") in changes["Nội dung"]
    assert changes["Cán bộ được nhắc đến"] == [("added", "Ngô Thị Thanh Hằng")]
    html = response.content.decode()
    assert '<p class="diff-line diff-removed"><del>Hội nghị sơ kết</del></p>' in html
    assert '<p class="diff-line diff-added"><ins>Hội nghị tổng kết</ins></p>' in html


def test_restore_brings_back_an_old_revision_as_a_new_save(client, editing):
    article, writer = editing
    older = services.revisions_of(article)[1]
    response = client.post(
        reverse("admin:articles_article_revisions", args=[article.pk]),
        {"version_id": older.pk, "article_version": article.version},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Hội nghị sơ kết" and "Đoạn hai.</p>" in article.body
    assert list(article.officials.all()) == []
    assert services.revisions_of(article).count() == 3
    assert list(article.workflow_events.values_list("action", flat=True)) == ["restore", "create"]


def test_restore_from_a_stale_page_is_refused(client, editing):
    article, _ = editing
    older = services.revisions_of(article)[1]
    client.post(
        reverse("admin:articles_article_revisions", args=[article.pk]),
        {"version_id": older.pk, "article_version": article.version - 1},
    )
    article.refresh_from_db()
    assert article.title == "Hội nghị tổng kết"


def test_other_agency_cannot_see_or_restore_revisions(client, editing):
    article, _ = editing
    outsider = make_editor("ngoai", roles=("writer", "approver"), agencies=(make_agency(),))
    client.force_login(outsider)
    older = services.revisions_of(article)[1]
    page = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert page.status_code == 302
    client.post(
        reverse("admin:articles_article_revisions", args=[article.pk]),
        {"version_id": older.pk, "article_version": article.version},
    )
    article.refresh_from_db()
    assert article.title == "Hội nghị tổng kết"


def test_the_history_lists_versions_with_restore_buttons(client, editing):
    article, _ = editing
    make_article()  # another article's revisions never show up here
    html = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert html.count('name="version_id"') == 2 and "Khôi phục bản này" in html
