"""Edits of a published article wait for review: readers keep the published text everywhere until an approver
(not the editor who saved the edit) publishes it; a correction leaves a public note on the page and in the feeds."""

import feedparser
import pytest
import reversion
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.newsroom import live_edits, services
from articles.newsroom.models import Article, LiveEdit
from tests.factories import article_form_data, make_agency, make_article, make_editor, make_official

pytestmark = pytest.mark.django_db

OLD, NEW = "Hà Nội khai trương tuyến buýt số 1", "Hà Nội khai trương tuyến buýt điện số 1"


@pytest.fixture
def newsroom():
    agency = make_agency("Sở Giao thông vận tải")
    article = make_article(OLD, lead="Sapo đã đăng.", body="<p>Đoạn đã đăng.</p>", agency=agency)
    writer = make_editor("phongvien", roles=("writer",), agencies=(agency,))
    approver = make_editor("pheduyet", roles=("approver",), agencies=(agency,))
    return article, writer, approver


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def propose(client, article, **changes):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, **changes)
    )


def public_places(client: Client, article: Article) -> dict[str, str]:
    """What readers get from each public place that shows the article."""
    return {
        "page": client.get(article.get_absolute_url()).content.decode(),
        "home": client.get(reverse("public:home")).content.decode(),
        "search": client.get(reverse("search:results"), {"q": "buyt dien"}).content.decode(),
        "rss": client.get(reverse("public:feed_rss")).content.decode(),
        "atom": client.get(reverse("public:feed_atom")).content.decode(),
        "sitemap": client.get(reverse("sitemap_section", kwargs={"section": "bai-viet"})).content.decode(),
    }


def served_from_cache(client: Client, url: str) -> bool:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code == 200 and len(queries) == 0


def test_a_writer_saving_a_published_article_makes_an_edit_readers_do_not_see(client, newsroom):
    article, writer, _ = newsroom
    before = public_places(client, article)
    assert served_from_cache(client, article.get_absolute_url())
    slug = article.slug

    response = propose(signed_in(writer), article, title=NEW, slug="tuyen-buyt-dien", body="<p>Đoạn mới.</p>")
    assert response.status_code == 302, response.content.decode()[:3000]

    edit = LiveEdit.objects.get(article=article)
    assert (edit.state, edit.proposed_by, edit.data["title"]) == (LiveEdit.State.PENDING, writer, NEW)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.slug, stored.body, stored.body_text) == (
        OLD,
        slug,
        "<p>Đoạn đã đăng.</p>",
        "Đoạn đã đăng.",
    )
    # The cached page is still good (nothing readers see changed), and every public place shows the published text.
    assert served_from_cache(client, article.get_absolute_url())
    after = public_places(client, article)
    for place, html in after.items():
        assert NEW not in html and "Đoạn mới" not in html, place
    assert OLD in after["page"] and OLD in after["home"] and OLD in after["rss"] and slug in after["sitemap"]
    # "buyt dien" matches only the edit's words: the search columns follow the published text.
    assert article.get_absolute_url() not in after["search"] and after["search"] == before["search"]
    # The editor reopening the article continues the edit.
    html = signed_in(writer).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert NEW in html and "Bài có bản sửa chờ duyệt" in html


def test_only_another_approver_publishes_the_edit_and_then_every_place_follows(client, newsroom):
    article, writer, approver = newsroom
    official = make_official("Nguyễn Văn Thử")
    propose(
        signed_in(writer),
        article,
        title=NEW,
        body="<p>Đoạn mới.</p>",
        officials=[official.pk],
        edit_kind=LiveEdit.Kind.CORRECTION,
        edit_note="Sửa tên tuyến: tuyến buýt điện.",
    )
    client.get(article.get_absolute_url())  # cached
    writer_both = make_editor("cahai", roles=("writer", "approver"), agencies=(article.agency,))
    propose_again = propose(
        signed_in(writer_both),
        Article.objects.get(pk=article.pk),
        title=NEW,
        body="<p>Đoạn mới.</p>",
        officials=[official.pk],
        edit_kind=LiveEdit.Kind.CORRECTION,
        edit_note="Sửa tên tuyến: tuyến buýt điện.",
    )
    assert propose_again.status_code == 302
    # Whoever saved the edit last may not publish it (two-person rule), not even by posting the step directly.
    url = reverse("admin:articles_article_step", args=[article.pk, "dang-ban-sua"])
    refused = signed_in(writer_both).post(url, {"kind": "correction", "note": "x"}, follow=True)
    assert "quy tắc hai người" in refused.content.decode()
    assert Article.objects.get(pk=article.pk).title == OLD

    approver_client = signed_in(approver)
    page = approver_client.get(url).content.decode()
    # What will be published, in the public template in a sandboxed frame, and how it differs from what is live.
    assert 'sandbox title="Xem trước bài như bạn đọc sẽ thấy"' in page
    assert reverse("public:staff_preview_edit", args=[article.pk]) in page
    assert f"<del>{OLD}</del>" in page and f"<ins>{NEW}</ins>" in page
    preview = approver_client.get(reverse("public:staff_preview_edit", args=[article.pk]))
    assert (
        preview.status_code == 200 and NEW in preview.content.decode() and "Nguyễn Văn Thử" in preview.content.decode()
    )
    assert preview["X-Frame-Options"] == "SAMEORIGIN" and "noindex" in preview.content.decode()

    response = approver_client.post(
        url, {"kind": "correction", "note": "Sửa tên tuyến: tuyến buýt điện.", "comment": ""}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == (NEW, "<p>Đoạn mới.</p>")
    assert list(article.officials.all()) == [official]
    edit = LiveEdit.objects.get(article=article)
    assert (edit.state, edit.reviewed_by) == (LiveEdit.State.PUBLISHED, approver)

    places = public_places(client, article)
    assert NEW in places["page"] and NEW in places["home"] and NEW in places["rss"]
    assert article.get_absolute_url() in places["search"]
    note = live_edits.update_line(edit)
    assert note.startswith("Cập nhật lúc ") and note.endswith(": Sửa tên tuyến: tuyến buýt điện.")
    assert note in places["page"]
    rss = feedparser.parse(places["rss"]).entries[0]
    assert note in rss.description and "Đã cập nhật" in [tag.term for tag in rss.tags]
    atom = feedparser.parse(places["atom"]).entries[0]
    assert atom.updated_parsed >= atom.published_parsed and note in atom.summary


def test_a_minor_edit_leaves_no_public_trace(client, newsroom):
    article, writer, approver = newsroom
    propose(signed_in(writer), article, title=NEW)
    live_edits.publish(article=article, by=approver)
    html = client.get(Article.objects.get(pk=article.pk).get_absolute_url()).content.decode()
    assert NEW in html and "Cập nhật lúc" not in html


def test_a_correction_needs_its_public_note(newsroom):
    article, writer, _ = newsroom
    response = propose(signed_in(writer), article, title=NEW, edit_kind=LiveEdit.Kind.CORRECTION, edit_note="")
    assert response.status_code == 200 and live_edits.CORRECTION_NOTE_NEEDED in response.content.decode()
    assert not LiveEdit.objects.exists()


def test_a_returned_edit_goes_back_to_its_editor_with_the_comment(newsroom):
    article, writer, approver = newsroom
    propose(signed_in(writer), article, title=NEW)
    url = reverse("admin:articles_article_step", args=[article.pk, "tra-lai-ban-sua"])
    assert signed_in(approver).post(url, {"comment": "Tên tuyến chưa đúng."}).status_code == 302
    edit = LiveEdit.objects.get()
    assert (edit.state, edit.review_comment) == (LiveEdit.State.RETURNED, "Tên tuyến chưa đúng.")
    html = signed_in(writer).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Tên tuyến chưa đúng." in html and NEW in html
    propose(signed_in(writer), Article.objects.get(pk=article.pk), title=NEW + " (sửa lại)")
    edit.refresh_from_db()
    assert edit.state == LiveEdit.State.PENDING and LiveEdit.objects.count() == 1


def test_restoring_an_old_version_of_a_published_article_is_an_edit_too(newsroom):
    article, writer, approver = newsroom
    with reversion.create_revision():
        article.save()  # the published text's revision
    propose(signed_in(writer), article, title=NEW)
    live_edits.publish(article=article, by=approver)
    article.refresh_from_db()
    older = services.revisions_of(article).order_by("pk").first()
    live_edits.restore_version(article=article, version_id=older.pk, by=writer, expected_version=article.version)
    assert Article.objects.get(pk=article.pk).title == NEW
    assert LiveEdit.objects.open().get().data["title"] == OLD
    with pytest.raises(services.WorkflowError):
        services.restore_revision(article=article, version_id=older.pk, by=writer)


def test_an_edit_from_a_stale_form_is_refused(newsroom):
    article, writer, approver = newsroom
    stale = article_form_data(article, title="Bản của người thứ nhất")
    signed_in(approver).post(reverse("admin:articles_article_change", args=[article.pk]), stale)
    response = signed_in(writer).post(
        reverse("admin:articles_article_change", args=[article.pk]), {**stale, "title": "Bản cũ hơn"}
    )
    assert response.status_code == 200 and "Không lưu được" in response.content.decode()
    assert LiveEdit.objects.get().data["title"] == "Bản của người thứ nhất"
