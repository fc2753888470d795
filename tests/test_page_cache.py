"""The page cache: anonymous pages stored whole, stale after a change a reader can see and only then."""

import datetime
import uuid

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.newsroom import services
from articles.newsroom.models import Article
from articles.pagecache import store
from tests.cache_helpers import CountingCache
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_editor,
    make_official,
    make_programme,
    make_staff,
)
from tests.services import require_redis

pytestmark = pytest.mark.django_db


def queries_for(client, url: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def served_from_cache(client, url: str) -> bool:
    response, queries = queries_for(client, url)
    return response.status_code == 200 and queries == 0


def test_second_anonymous_request_is_served_from_the_cache(client):
    make_article("Bài đầu tiên")
    first, first_queries = queries_for(client, "/")
    second, second_queries = queries_for(client, "/")
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


def test_a_cached_page_costs_one_cache_round_trip(client, monkeypatch):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    counting = CountingCache(store.cache)
    monkeypatch.setattr(store, "cache", counting)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and article.title in response.content.decode()
    assert counting.calls == ["get_many"]


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


def test_work_on_drafts_submissions_and_preview_links_keeps_the_cache(client):
    """Nothing a reader can see changes: the cached pages stay, and are served without a query."""
    agency = make_agency()
    writer = make_editor("nguoiviet", roles=("writer",), agencies=(agency,))
    approver = make_editor("nguoiduyet", roles=("approver",), agencies=(agency,))
    make_article("Bài đã đăng", agency=agency)
    draft = make_article("Bản nháp", agency=agency, status=Article.Status.DRAFT)
    urls = ["/", reverse("public:agency_detail", args=[agency.slug]), reverse("public:feed_rss")]
    for url in urls:
        client.get(url)
    generation = cache.get(store.GENERATION_KEY)

    draft.title = "Bản nháp đã sửa"
    draft.save()
    services.submit(article=draft, by=writer)
    services.create_preview_token(article=draft, by=approver)
    services.reject(article=draft, by=approver, comment="Sửa lại đoạn đầu.")
    make_article("Bản nháp mới", agency=agency, status=Article.Status.DRAFT)

    assert cache.get(store.GENERATION_KEY) == generation
    assert all(served_from_cache(client, url) for url in urls)


@pytest.mark.parametrize("step", ["approve", "withdraw", "archive", "edit_published"])
def test_steps_and_edits_readers_see_make_pages_stale(client, step):
    agency = make_agency()
    writer = make_editor("nguoiviet", roles=("writer",), agencies=(agency,))
    approver = make_editor("nguoiduyet", roles=("approver",), agencies=(agency,))
    status = Article.Status.SUBMITTED if step == "approve" else Article.Status.PUBLISHED
    article = make_article("Bài viết", agency=agency, status=status, submitted_by=writer)
    client.get("/")
    if step == "approve":
        services.approve(article=article, by=approver)
    elif step == "withdraw":
        services.withdraw(article=article, by=approver, reason="Thông tin chưa chính xác.")
    elif step == "archive":
        services.archive(article=article, by=approver)
    else:
        article.title = "Bài viết đã sửa"
        article.save()
    assert not served_from_cache(client, "/")


def test_a_transaction_makes_pages_stale_again_once_it_commits(django_capture_on_commit_callbacks):
    """A page rendered while the writer's transaction was open shows the old rows: the commit bumps again,
    once for the whole transaction however many rows it wrote."""
    with django_capture_on_commit_callbacks() as callbacks:
        article = make_article("Bài viết", officials=[make_official()], programmes=[make_programme()])
        article.title = "Bài viết đã sửa"
        article.save()
    assert len(callbacks) == 1
    before = cache.get(store.GENERATION_KEY)
    callbacks[0]()
    assert cache.get(store.GENERATION_KEY) != before


def test_responses_carry_validators_and_a_cache_control_for_a_cdn(client):
    make_article()
    response = client.get("/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=600", "stale-while-revalidate=30"} <= cache_control
    again = client.get("/")
    assert again["ETag"] == response["ETag"]
    assert "s-maxage=" in again["Cache-Control"]


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
    assert "ETag" not in client.get(reverse("admin:login"))
    posted = client.post("/")
    assert "ETag" not in posted


def test_a_page_is_kept_no_longer_than_the_next_scheduled_publication(client):
    make_article("Bài đã đăng")
    due = timezone.now() + datetime.timedelta(minutes=5)
    make_article("Bài hẹn giờ", published_at=due)
    response = client.get("/")
    assert "Bài hẹn giờ" not in response.content.decode()
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 290 <= s_maxage <= 300
    assert served_from_cache(client, "/")  # still served from the cache before its minute
    with time_machine.travel(due + datetime.timedelta(seconds=1), tick=False):
        assert "Bài hẹn giờ" in client.get("/").content.decode()


def test_with_a_read_replica_a_page_rendered_just_after_a_change_is_kept_only_past_the_replicas_lag(client, settings):
    settings.DATABASE_REPLICA_URL = "postgres://replica.example/toasoan"
    settings.REPLICA_MAX_LAG_SECONDS = 10
    make_article()
    response = client.get("/")
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage <= 10
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=11), tick=False):
        response = client.get("/")
        assert "s-maxage=600" in response["Cache-Control"]


def test_the_purge_hook_runs_after_a_change_and_its_failure_does_not_fail_the_edit(client, settings, caplog):
    calls = []
    settings.PAGE_CACHE_PURGE_HOOK = "tests.test_page_cache.purge_for_test"
    purge_for_test.calls = calls
    article = make_article()
    assert calls
    settings.PAGE_CACHE_PURGE_HOOK = "tests.test_page_cache.failing_purge"
    article.title = "Đã sửa"
    article.save()
    assert Article.objects.get(pk=article.pk).title == "Đã sửa"
    assert any("purge hook" in record.getMessage() for record in caplog.records)


def purge_for_test() -> None:
    purge_for_test.calls.append(True)


def failing_purge() -> None:
    raise ConnectionError("CDN unreachable")


def test_purge_page_cache_command_makes_every_page_stale(client):
    from django.core.management import call_command

    make_article()
    client.get("/")
    call_command("purge_page_cache", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not served_from_cache(client, "/")


def test_a_page_served_from_redis_builds_no_redis_client(client, settings, monkeypatch):
    """Django's Redis cache builds a `redis.Redis` on every call, which cost a cached page more CPU than its
    round trip to Redis; cms/cache.py keeps one per connection pool."""
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": require_redis(),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    article = make_article("Bài trong bộ nhớ đệm Redis")
    assert client.get(article.get_absolute_url()).status_code == 200
    built = []
    real_init = redis.Redis.__init__

    def counted_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted_init)
    assert served_from_cache(client, article.get_absolute_url())
    assert built == []
    cache.clear()
