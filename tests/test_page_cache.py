"""Anonymous pages are cached, invalidated by content changes, and carry validators fit for a CDN."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_agency, make_appointment, make_article, make_official, make_programme, make_staff

pytestmark = pytest.mark.django_db


def queries_for(client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def test_second_anonymous_request_is_served_from_the_cache(client):
    make_article("Bài đầu tiên")
    first, first_queries = queries_for(client, "/")
    second, second_queries = queries_for(client, "/")
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


def test_a_change_to_an_article_shows_on_the_next_anonymous_request(client):
    article = make_article("Tiêu đề cũ")
    assert "Tiêu đề cũ" in client.get("/").content.decode()
    assert "Tiêu đề cũ" in client.get(article.get_absolute_url()).content.decode()
    article.title = "Tiêu đề đã sửa"
    article.save()
    assert "Tiêu đề đã sửa" in client.get("/").content.decode()
    assert "Tiêu đề đã sửa" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("kind", ["agency", "official", "programme", "appointment"])
def test_changes_to_agencies_officials_programmes_invalidate_pages(client, kind):
    agency = make_agency("Sở Cũ")
    official = make_official("Trần Văn Cũ")
    programme = make_programme("06-CTr/TU", title="Tên cũ")
    article = make_article("Bài viết", agency=agency, officials=[official], programmes=[programme])
    url = article.get_absolute_url()
    client.get(url)
    if kind == "agency":
        agency.name, expected = "Sở Mới", "Sở Mới"
        agency.save()
    elif kind == "official":
        official.full_name, expected = "Trần Văn Mới", "Trần Văn Mới"
        official.save()
    elif kind == "programme":
        programme.title, expected = "Tên mới", "Tên mới"
        programme.save()
    else:
        make_appointment(official, agency=agency, title="Giám đốc Sở", start=article.local_date)
        expected = "Giám đốc Sở"
    assert expected in client.get(url).content.decode()


def test_linking_an_official_to_an_article_invalidates_its_page(client):
    article = make_article("Bài viết")
    client.get(article.get_absolute_url())
    article.officials.add(make_official("Lê Thị Mới"))
    assert "Lê Thị Mới" in client.get(article.get_absolute_url()).content.decode()


def test_responses_carry_etag_last_modified_and_cdn_cache_control(client):
    make_article()
    response = client.get("/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=600"} <= cache_control


def test_conditional_get_gives_304(client):
    make_article()
    response = client.get("/")
    by_etag = client.get("/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = client.get("/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert by_date.status_code == 304
    make_article("Bài mới hơn")
    assert client.get("/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_logged_in_users_are_not_served_cached_pages(client):
    article = make_article("Bản gốc")
    client.get(article.get_absolute_url())  # cached for anonymous readers
    client.force_login(make_staff())
    response, queries = queries_for(client, article.get_absolute_url())
    assert queries > 0
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_admin_and_post_requests_are_never_cached(client):
    first = client.get(reverse("admin:login"))
    assert "public" not in first.get("Cache-Control", "")
    _, queries = queries_for(client, reverse("articles:search"), data={"q": "dự án"})
    assert queries > 0


def test_a_scheduled_article_appears_on_cached_pages_at_its_minute(client):
    import datetime

    import time_machine
    from django.utils import timezone

    make_article("Bài đã đăng")
    due = timezone.now() + datetime.timedelta(hours=2)
    make_article("Bài hẹn giờ", published_at=due)
    assert "Bài hẹn giờ" not in client.get("/").content.decode()
    _, queries = queries_for(client, "/")
    assert queries == 0  # still served from the cache before its minute
    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        assert "Bài hẹn giờ" in client.get("/").content.decode()


def test_withdrawing_an_article_invalidates_cached_pages_feeds_and_search(client):
    from articles import services
    from tests.factories import make_editor

    agency = make_agency()
    article = make_article("Thông cáo sẽ bị gỡ", agency=agency)
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    for url in ("/", reverse("articles:feed_rss"), "/tim-kiem/?q=thong+cao"):
        assert article.get_absolute_url() in client.get(url).content.decode()
    services.withdraw(article=article, by=approver, reason="Thông tin chưa chính xác.")
    for url in ("/", reverse("articles:feed_rss"), "/tim-kiem/?q=thong+cao"):
        assert article.get_absolute_url() not in client.get(url).content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Bài viết đã được gỡ" in page and "Thông tin chưa chính xác." in page
    assert client.get(article.get_permanent_url())["Location"] == article.get_absolute_url()
    assert "Bài viết đã được gỡ" in client.get(article.get_print_url()).content.decode()


def test_a_cached_page_is_served_without_sessions_auth_or_locale(client, monkeypatch):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.locale import LocaleMiddleware

    make_article("Bài đã lưu đệm")
    first = client.get("/")

    def must_not_run(self, request):
        raise AssertionError(f"{type(self).__name__} ran for a page served from the cache")

    for middleware in (SessionMiddleware, AuthenticationMiddleware, LocaleMiddleware):
        monkeypatch.setattr(middleware, "process_request", must_not_run)
    second = client.get("/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Language"] == "vi"


def test_any_session_cookie_bypasses_the_cache_without_reading_the_session(client):
    make_article("Bài cho biên tập viên")
    client.get("/")  # cached for anonymous readers
    client.cookies["sessionid"] = "not-a-real-session"
    response, queries = queries_for(client, "/")
    assert queries > 0  # rendered afresh, not served from the cache
    assert "ETag" not in response
