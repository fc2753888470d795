"""Stored article pages (articles/rendered_pages.py): served with one query, never stale."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import rendered_pages, services
from articles.models import Article, ArticleSlug, RenderedArticlePage
from articles.views import ArticleDetailView
from tests.factories import make_agency, make_appointment, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """The page cache would answer the reads these tests count; the stored pages lie behind it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def boss():
    return get_user_model().objects.create_superuser("tongbientap", password="mat-khau-dai-123")


def _read(client, article: Article, **extra) -> tuple[str, int]:
    """The page's HTML and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url(), **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _stored(client, article: Article) -> str:
    """Reads the page until it is served from its stored render; returns that HTML."""
    _read(client, article)
    html, queries = _read(client, article)
    assert queries == 1, "the second read should be served from the stored page"
    return html


# --- serving -------------------------------------------------------------------------------------------------


def test_a_public_article_page_is_stored_on_first_read_and_then_served_with_one_query(client, settings):
    official = make_official("Trần Thị Lan")
    make_appointment(official, title="Giám đốc Sở Y tế")
    article = make_article(
        "Khánh thành bệnh viện", officials=[official], programmes=[make_programme()], related=[make_article()]
    )
    live, live_queries = _read(client, article)
    assert live_queries > 1
    assert RenderedArticlePage.objects.get(article=article).html == live
    html = _stored(client, article)
    assert html == live
    settings.STORED_ARTICLE_PAGES = False
    assert _read(client, article)[0] == live


def test_requests_with_a_query_string_and_the_print_page_render_live(client):
    article = make_article("Bài có bản in")
    _stored(client, article)
    assert _read(client, article, data={"utm_source": "zalo"})[1] > 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_print_url()).status_code == 200
    assert len(queries) > 1


def test_nothing_per_request_is_stored_in_the_page(client, boss):
    article = make_article("Bài không chứa dữ liệu riêng")
    client.force_login(boss)
    client.get(article.get_absolute_url())
    stored = RenderedArticlePage.objects.get(article=article).html
    assert stored and "tongbientap" not in stored
    assert "csrfmiddlewaretoken" not in stored and "nonce" not in stored
    client.logout()
    html = _stored(client, article)
    assert "tongbientap" not in html


def test_a_page_stored_for_one_origin_is_not_served_for_another(client):
    article = make_article("Bài hai tên miền")
    assert "http://testserver/" in _stored(client, article)
    html, queries = _read(client, article, HTTP_HOST="localhost")
    assert queries > 1 and "http://localhost/" in html and "http://testserver/" not in html


# --- visibility: only public articles come from stored pages --------------------------------------------------


def test_withdrawn_archived_and_rescheduled_articles_behave_as_before(client, boss):
    article = make_article("Bài sẽ bị gỡ")
    _stored(client, article)
    services.withdraw(article=Article.objects.get(pk=article.pk), by=boss, reason="Đính chính số liệu")
    html, _ = _read(client, article)
    assert "Bài viết đã được gỡ" in html and "Đính chính số liệu" in html
    services.archive(article=Article.objects.get(pk=article.pk), by=boss)
    assert client.get(article.get_absolute_url()).status_code == 404

    later = timezone.now() + datetime.timedelta(hours=2)
    scheduled = make_article("Bài dời giờ đăng")
    _stored(client, scheduled)
    services.publish(article=Article.objects.get(pk=scheduled.pk), by=boss, publish_at=later)
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        assert "Bài dời giờ đăng" in _read(client, scheduled)[0]


def test_drafts_never_get_a_stored_page_and_previews_render_live(client, boss):
    draft = make_article("Bản nháp", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    token = services.create_preview_token(article=draft, by=boss)
    assert "Bản nháp" in client.get(f"/xem-truoc/{token}/").content.decode()
    draft.title = "Bản nháp đã sửa"
    draft.save()
    assert "Bản nháp đã sửa" in client.get(f"/xem-truoc/{token}/").content.decode()
    assert not RenderedArticlePage.objects.exclude(fingerprint="").exists()


def test_an_old_slug_still_redirects_while_the_page_is_stored(client):
    article = make_article("Tên cũ của bài")
    old_url = article.get_absolute_url()
    article.slug = "ten-moi-cua-bai"
    article.save()
    _stored(client, article)
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == "/bai-viet/ten-moi-cua-bai/"
    assert ArticleSlug.objects.filter(article=article).exists()


def test_a_page_with_a_scheduled_related_article_is_not_stored(client):
    later = timezone.now() + datetime.timedelta(hours=1)
    coming = make_article("Bài sắp đăng", published_at=later)
    article = make_article("Bài có bài liên quan sắp đăng", related=[coming])
    assert "Bài sắp đăng" not in _read(client, article)[0]
    assert _read(client, article)[1] > 1
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        assert "Bài sắp đăng" in _read(client, article)[0]


# --- re-rendered on every write that changes the page ---------------------------------------------------------


def test_editing_the_article_changes_its_page_at_once(client):
    article = make_article("Tiêu đề ban đầu")
    _stored(client, article)
    article.title = "Tiêu đề đã sửa"
    article.save()
    assert "Tiêu đề đã sửa" in _read(client, article)[0]
    assert "Tiêu đề đã sửa" in _stored(client, article)


def test_renaming_the_agency_changes_its_articles_pages(client):
    agency = make_agency("Sở Giao thông vận tải")
    article = make_article(agency=agency)
    _stored(client, article)
    agency.name = "Sở Xây dựng"
    agency.save()
    assert "Sở Xây dựng" in _read(client, article)[0]


def test_officials_and_their_appointments_change_the_pages_that_mention_them(client):
    official = make_official("Nguyễn Văn An")
    appointment = make_appointment(official, title="Phó Chủ tịch UBND")
    article = make_article(officials=[official])
    _stored(client, article)
    official.full_name = "Nguyễn Văn Ân"
    official.save()
    assert "Nguyễn Văn Ân" in _read(client, article)[0]
    _stored(client, article)
    appointment.title = "Chủ tịch UBND"
    appointment.save()
    assert "Nguyễn Văn Ân</a>, Chủ tịch UBND" in _read(client, article)[0]
    _stored(client, article)
    make_appointment(official, title="Bí thư Quận ủy", start=datetime.date(2016, 1, 1))
    assert "Bí thư Quận ủy" in _read(client, article)[0]
    _stored(client, article)
    appointment.delete()
    assert "Chủ tịch UBND" not in _read(client, article)[0]


def test_links_added_or_removed_from_either_side_change_the_page(client):
    article = make_article()
    official = make_official("Lê Văn Bình")
    programme = make_programme(title="Phát triển giao thông")
    _stored(client, article)
    official.articles.add(article)
    assert "Lê Văn Bình" in _read(client, article)[0]
    _stored(client, article)
    programme.articles.add(article)
    assert "Phát triển giao thông" in _read(client, article)[0]
    _stored(client, article)
    official.articles.clear()
    assert "Lê Văn Bình" not in _read(client, article)[0]
    _stored(client, article)
    programme.title = "Phát triển đô thị"
    programme.save()
    assert "Phát triển đô thị" in _read(client, article)[0]
    _stored(client, article)
    programme.delete()
    assert "Phát triển đô thị" not in _read(client, article)[0]


def test_related_articles_renamed_withdrawn_or_deleted_change_the_pages_listing_them(client, boss):
    related = make_article("Bài liên quan ban đầu")
    article = make_article(related=[related])
    _stored(client, article)
    related.title = "Bài liên quan đổi tên"
    related.save()
    assert "Bài liên quan đổi tên" in _read(client, article)[0]
    _stored(client, article)
    services.withdraw(article=Article.objects.get(pk=related.pk), by=boss, reason="Sai số liệu")
    assert "Bài liên quan đổi tên" not in _read(client, article)[0]
    _stored(client, article)
    other = make_article("Bài liên quan khác")
    other.related_from.add(article)
    assert "Bài liên quan khác" in _read(client, article)[0]
    _stored(client, article)
    other.delete()
    assert "Bài liên quan khác" not in _read(client, article)[0]


# --- races and deploys -----------------------------------------------------------------------------------------


def test_a_page_rendered_from_rows_read_before_a_change_is_not_stored(client, rf):
    article = make_article("Bài đang được sửa")
    fingerprint = rendered_pages.fingerprint(rf.get("/"))
    found = rendered_pages.lookup(slug=article.slug, fingerprint=fingerprint)
    generation = rendered_pages.generation_before_render(found)
    article.title = "Bài đã sửa xong"
    article.save()  # a writer commits while the reader renders the old rows
    assert not rendered_pages.store(article_id=article.pk, generation=generation, fingerprint=fingerprint, html="cũ")
    assert "Bài đã sửa xong" in _read(client, article)[0]


def test_the_invalidation_after_commit_catches_a_page_stored_during_the_transaction(
    client, django_capture_on_commit_callbacks
):
    article = make_article("Trước khi sửa")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Sau khi sửa"
        article.save()
        # A reader stores a page from rows it read before the writer's transaction committed.
        RenderedArticlePage.objects.update_or_create(
            article=article, defaults={"fingerprint": "x" * 64, "html": "Trước khi sửa"}
        )
    assert RenderedArticlePage.objects.get(article=article).fingerprint == ""


def test_pages_rendered_by_other_code_or_settings_are_rendered_again(client, settings, monkeypatch, tmp_path):
    article = make_article("Bài trước khi triển khai")
    _stored(client, article)
    before = rendered_pages.code_fingerprint()
    settings.STATIC_URL = "/tinh/"
    assert rendered_pages.code_fingerprint() != before
    html, queries = _read(client, article)
    assert queries > 1 and "/tinh/css/site.css" in html
    assert RenderedArticlePage.objects.get(article=article).html == html

    # collectstatic gave the static files new hashed names.
    plain_names = rendered_pages.code_fingerprint()
    monkeypatch.setattr(staticfiles_storage, "hashed_files", {"css/site.css": "css/site.abc123.css"}, raising=False)
    rendered_pages._reset()
    assert rendered_pages.code_fingerprint() != plain_names
    extra = tmp_path / "templates"
    extra.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [extra, *settings.TEMPLATES[0]["DIRS"]]}]
    with_dir = rendered_pages.code_fingerprint()
    (extra / "new.html").write_text("{{ x }}")
    rendered_pages._reset()
    assert rendered_pages.code_fingerprint() != with_dir


def test_render_article_pages_stores_every_public_page_once(client, capsys, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "toasoan.example"]
    public = [make_article(f"Bài công khai {n}") for n in range(3)]
    draft = make_article("Bản nháp", status=Article.Status.DRAFT)
    call_command("render_article_pages", "--origin", "http://testserver", "--chunk-size", "2")
    assert "Đã dựng 3 trang" in capsys.readouterr().out
    assert not RenderedArticlePage.objects.filter(article=draft).exists()
    for article in public:
        # Served from the stored page, not rendered; the first read also stores the page's headers.
        html, queries = _read(client, article)
        assert queries == 2 and article.title in html
        assert RenderedArticlePage.objects.get(article=article).headers["Content-Language"] == "vi"
        html, queries = _read(client, article)
        assert queries == 1 and article.title in html
    call_command("render_article_pages", "--origin", "http://testserver")
    assert "Đã dựng 0 trang" in capsys.readouterr().out
    call_command("render_article_pages", "--origin", "https://toasoan.example")
    assert "Đã dựng 3 trang" in capsys.readouterr().out
    assert re.search(r"https://toasoan\.example/bai-viet/", RenderedArticlePage.objects.first().html)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.SUBMITTED},
        {"status": Article.Status.WITHDRAWN},
        {"status": Article.Status.ARCHIVED},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
        {},
    ],
)
def test_the_stored_page_lookup_finds_exactly_the_published_articles(fields):
    article = make_article(**fields)
    found = rendered_pages.lookup(slug=article.slug, fingerprint="x")
    assert (found is not None) == Article.objects.published().filter(pk=article.pk).exists()


def test_related_articles_linked_by_a_later_legacy_import_appear_on_stored_pages(client, tmp_path):
    from tests.legacy_helpers import Run, default_agency, legacy_text, write_legacy

    default_agency()
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write_legacy(first, "a", legacy_text("Bài A về giao thông", body=["bai a ve giao thong Bài B về đô thị", "Một."]))
    write_legacy(second, "b", legacy_text("Bài B về đô thị", body=["bai b ve do thi", "Hai."]))
    Run(first)
    a = Article.objects.get(legacy_id="a")
    assert '<li class="unlinked">Bài B về đô thị</li>' in _stored(client, a)
    Run(second)
    b = Article.objects.get(legacy_id="b")
    assert f'<a href="{b.get_absolute_url()}">Bài B về đô thị</a>' in _read(client, a)[0]


@pytest.mark.django_db(transaction=True)
def test_the_lookup_works_again_on_a_new_database_connection(client):
    article = make_article("Bài sau khi kết nối lại")
    _stored(client, article)
    connection.close()  # PostgreSQL: the statement prepared on the old session is gone with it
    html, queries = _read(client, article)
    assert queries == 1 and "Bài sau khi kết nối lại" in html


@pytest.mark.django_db(transaction=True)
def test_the_lookup_stands_for_the_health_check_and_survives_a_dead_connection(client):
    """The lookup skips Django's SELECT 1 before it: on a connection PostgreSQL dropped it reconnects."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL connections are checked before reuse")
    import psycopg2

    article = make_article("Bài sau khi cơ sở dữ liệu khởi động lại")
    _stored(client, article)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    connection.health_check_done = False  # a new request on a kept connection (CONN_HEALTH_CHECKS)
    html, queries = _read(client, article)
    assert "Bài sau khi cơ sở dữ liệu khởi động lại" in html
    assert connection.health_check_done


def test_the_stored_page_is_served_with_the_live_pages_headers(client):
    article = make_article("Bài có tiêu đề HTTP")
    live = client.get(article.get_absolute_url())
    stored = client.get(article.get_absolute_url())
    assert stored.content == live.content
    skip = {"Last-Modified"}  # the time of the response without a page cache
    assert {k: v for k, v in stored.headers.items() if k not in skip} == {
        k: v for k, v in live.headers.items() if k not in skip
    }


def test_an_anonymous_read_of_a_stored_page_skips_the_inner_middleware_and_the_view(client, monkeypatch):
    article = make_article("Bài phục vụ sớm")
    live = client.get(article.get_absolute_url())
    assert hasattr(live.wsgi_request, "session")  # the first read is rendered by the view, behind every middleware
    stored = RenderedArticlePage.objects.get(article=article)
    assert stored.headers["Content-Language"] == "vi" and "Content-Length" not in stored.headers
    monkeypatch.setattr(ArticleDetailView, "get", lambda *args, **kwargs: pytest.fail("the view ran"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and response.content == live.content
    assert len(queries) == 1
    assert not hasattr(response.wsgi_request, "session") and not hasattr(response.wsgi_request, "user")
    assert response["Content-Length"] == str(len(live.content))


def test_a_reader_with_a_session_gets_the_stored_page_from_the_view(client, monkeypatch):
    article = make_article("Bài cho người có phiên")
    _stored(client, article)
    client.cookies["sessionid"] = "khong-ton-tai"
    served_by_view = []
    original_get = ArticleDetailView.get
    monkeypatch.setattr(ArticleDetailView, "get", lambda *a, **k: served_by_view.append(1) or original_get(*a, **k))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "Bài cho người có phiên" in response.content.decode()
    assert served_by_view and hasattr(response.wsgi_request, "session")


def test_a_stale_page_loses_its_headers_with_its_html(client):
    article = make_article("Bài sẽ sửa")
    _stored(client, article)
    article.title = "Bài đã sửa"
    article.save()
    stale = RenderedArticlePage.objects.get(article=article)
    assert (stale.html, stale.headers, stale.fingerprint) == ("", None, "")
    assert "Bài đã sửa" in _read(client, article)[0]
    assert RenderedArticlePage.objects.get(article=article).headers is not None


@pytest.mark.django_db(transaction=True)
def test_the_lookup_falls_back_to_plain_sql_when_the_session_lost_its_prepared_statement(client):
    if connection.vendor != "postgresql":
        pytest.skip("statements are prepared on PostgreSQL only")
    article = make_article("Bài sau DISCARD ALL")
    _stored(client, article)
    with connection.connection.cursor() as raw:  # what a pooler's server_reset_query does
        raw.execute("DEALLOCATE ALL")
    assert "Bài sau DISCARD ALL" in _read(client, article)[0]
    assert "Bài sau DISCARD ALL" in _read(client, article)[0]  # prepared again


def test_no_statement_is_prepared_without_persistent_connections(client, settings):
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        assert not rendered_pages._may_use_prepared(connection)
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = settings.CONN_MAX_AGE
