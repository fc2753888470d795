"""The admin's first page is the editor's desk: each section with its count, each row one click from its page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.newsroom import dashboard, live_edits, services
from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_editor, make_programme

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def desk():
    agency, other = make_agency("Sở Xây dựng"), make_agency("Sở Tư pháp")
    writer = make_editor("phongvien", roles=("writer",), agencies=(agency,))
    approver = make_editor("pheduyet", roles=("approver",), agencies=(agency,))
    now = timezone.now()
    draft = make_article("Nháp của tôi", agency=agency, status=Status.DRAFT, created_by=writer)
    returned = make_article("Bài bị trả lại", agency=agency, status=Status.DRAFT, created_by=writer)
    services.submit(article=returned, by=writer)
    services.reject(article=returned, by=approver, comment="Thiếu nguồn tin.")
    waiting = make_article("Bài chờ duyệt", agency=agency, status=Status.DRAFT, created_by=writer)
    services.submit(article=waiting, by=writer)
    scheduled = make_article("Bài hẹn giờ", agency=agency, published_at=now + datetime.timedelta(days=2))
    make_article("Bài hẹn quá xa", agency=agency, published_at=now + datetime.timedelta(days=9))
    live = make_article("Bài mới đăng", agency=agency, published_at=now - datetime.timedelta(hours=3))
    live_edits.propose(article=live, by=writer, data=live_edits.data_of(live), expected_version=live.version)
    make_article("Bài cơ quan khác", agency=other, status=Status.SUBMITTED)
    programme = make_programme("77-CTr/TU", needs_review=True)
    return locals()


def sections(client, user) -> dict[str, str]:
    client.force_login(user)
    html = client.get(reverse("admin:index")).content.decode()
    found = {}
    for part in html.split('<section class="desk-')[1:]:
        key, rest = part.split('"', 1)
        found[key] = rest.split("</section>")[0]
    return found


def count_of(section_html: str) -> int:
    return int(section_html.split('class="count"')[1].split(">")[1].split("<")[0])


def test_a_writer_sees_drafts_returned_articles_with_the_comment_and_what_is_coming(client, desk):
    shown = sections(client, desk["writer"])
    assert set(shown) == {"drafts", "returned", "scheduled", "published", "programmes"}  # writers edit programmes
    assert count_of(shown["drafts"]) == 2 and "Nháp của tôi" in shown["drafts"]
    assert count_of(shown["returned"]) == 1 and "Thiếu nguồn tin." in shown["returned"]
    assert reverse("admin:articles_article_change", args=[desk["returned"].pk]) in shown["returned"]
    assert count_of(shown["scheduled"]) == 1 and "Bài hẹn giờ" in shown["scheduled"]
    assert "Bài hẹn quá xa" not in shown["scheduled"]
    assert count_of(shown["published"]) == 1 and "Bài mới đăng" in shown["published"]


def test_an_approver_sees_what_waits_for_review_in_their_agencies(client, desk):
    shown = sections(client, desk["approver"])
    assert count_of(shown["review"]) == 2
    assert "Bài chờ duyệt" in shown["review"] and "Bản sửa: Bài mới đăng" in shown["review"]
    assert "Bài cơ quan khác" not in shown["review"]
    for article in (desk["waiting"], desk["live"]):
        assert reverse("admin:articles_article_change", args=[article.pk]) in shown["review"]


def test_what_they_submitted_themselves_is_not_waiting_for_their_review(client, desk):
    both = make_editor("cahai", roles=("writer", "approver"), agencies=(desk["agency"],))
    mine = make_article("Bài tôi tự gửi", agency=desk["agency"], status=Status.DRAFT)
    services.submit(article=mine, by=both)
    shown = sections(client, both)
    assert "Bài tôi tự gửi" not in shown["review"] and "Bài chờ duyệt" in shown["review"]


def test_programmes_needing_attention_for_those_who_edit_them(client, desk):
    admin_user = make_editor("quantri", roles=("site_admin",))
    shown = sections(client, admin_user)
    assert count_of(shown["programmes"]) == 1 and "77-CTr/TU" in shown["programmes"]


def test_other_apps_add_sections_through_the_hook(client, desk, monkeypatch):
    monkeypatch.setattr(dashboard, "_providers", [])
    dashboard.register_section(
        lambda user: dashboard.Section("documents", "Văn bản cần xem lại", 4, [dashboard.Row("Quyết định 12", "/x/")])
    )
    shown = sections(client, desk["writer"])
    assert count_of(shown["documents"]) == 4 and "Quyết định 12" in shown["documents"]


def test_the_desk_costs_a_bounded_number_of_queries(client, desk):
    client.force_login(make_editor("quantri", roles=("site_admin",)))
    for _ in range(5):
        make_article(agency=desk["agency"], status=Status.SUBMITTED)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    assert len(queries) <= 15, [query["sql"][:120] for query in queries]
