"""Each worker keeps its own copy of cached pages, valid while a Redis pub/sub listener follows changes.

These tests use the real Redis (tests/services.py) with a key prefix of their own, so their pub/sub
channel is theirs too.
"""

import datetime
import secrets
import time

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from articles import caching, page_cache_local, rendered_pages
from articles.models import Article
from articles.page_cache_local import PageLRU, StoredPage
from tests.cache_helpers import CountingCache
from tests.factories import make_article
from tests.services import require_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_pages():
    url = require_redis()
    prefix = f"toasoan-test-{secrets.token_hex(4)}"
    config = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    with override_settings(CACHES=config):
        listener = caching._listener()
        assert listener is not None and listener.wait_until_live(10)
        yield listener
        page_cache_local.stop_all()
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def counting(monkeypatch):
    counter = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counter)
    return counter


def wait_for(condition, seconds: float = 10) -> bool:
    """Polls (pub/sub delivery takes milliseconds; the deadline only stops a broken test)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def change_title_elsewhere(article: Article, title: str) -> None:
    """A change no signal reports to this process: as if another worker made it. That worker's save would also
    mark the stored article page stale in the database (articles/rendered_pages.py), which every worker sees."""
    Article.objects.filter(pk=article.pk).update(title=title)
    rendered_pages.mark_stale(rendered_pages.pages_of_articles([article.pk]))


def test_a_page_this_worker_served_is_served_again_without_asking_redis(client, redis_pages, counting):
    article = make_article("Bài trong bộ nhớ của tiến trình")
    first = client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url()).status_code == 200
    counting.calls.clear()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(article.get_absolute_url())
    assert counting.calls == []
    assert len(queries) == 0
    assert again.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Language", "Content-Security-Policy"):
        assert again[header] == first[header], header
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_change_made_in_this_worker_shows_on_its_next_request_without_waiting_for_the_message(
    client, redis_pages, monkeypatch
):
    article = make_article("Tiêu đề cũ")
    client.get(article.get_absolute_url())
    assert "Tiêu đề cũ" in client.get(article.get_absolute_url()).content.decode()
    monkeypatch.setattr(redis_pages, "_on_message", lambda generation: None)  # messages arrive late, or never
    article.title = "Tiêu đề mới"
    article.save()
    assert "Tiêu đề mới" in client.get(article.get_absolute_url()).content.decode()


def test_a_change_made_by_another_worker_shows_once_its_message_arrives(client, redis_pages):
    article = make_article("Tiêu đề cũ")
    client.get(article.get_absolute_url())
    assert "Tiêu đề cũ" in client.get(article.get_absolute_url()).content.decode()
    change_title_elsewhere(article, "Tiêu đề do tiến trình khác sửa")
    new = caching.generation() + 1
    caching.cache.set(caching.GENERATION_KEY, new, None)
    backend = caches["default"]
    redis.Redis.from_url(backend._servers[0]).publish(caching._channel(backend), new)
    assert wait_for(lambda: redis_pages._generation == new)
    assert "Tiêu đề do tiến trình khác sửa" in client.get(article.get_absolute_url()).content.decode()


def test_without_a_subscription_every_request_asks_redis_and_copies_are_forgotten_on_resubscribing(
    client, redis_pages, counting
):
    article = make_article("Tiêu đề cũ")
    url = article.get_absolute_url()
    client.get(url)
    client.get(url)
    counting.calls.clear()
    client.get(url)
    assert counting.calls == []  # served from this worker's copy

    redis_pages.retry_seconds = 60  # stay disconnected until reconnect_now()
    server = redis.Redis.from_url(caches["default"]._servers[0])
    (listener_client,) = [c for c in server.client_list() if c["name"] == redis_pages.client_name]
    server.client_kill_filter(_id=listener_client["id"])
    assert wait_for(lambda: not redis_pages.live)

    # A change whose message this worker cannot hear.
    change_title_elsewhere(article, "Tiêu đề sửa khi mất kết nối")
    caching.cache.set(caching.GENERATION_KEY, caching.generation() + 1, None)
    assert "Tiêu đề sửa khi mất kết nối" in client.get(url).content.decode()  # rendered, stored in Redis
    counting.calls.clear()
    assert "Tiêu đề sửa khi mất kết nối" in client.get(url).content.decode()
    assert counting.calls == ["get_many"]  # from Redis, not from this worker's copy

    # Missed while away: another change, then the listener subscribes again.
    change_title_elsewhere(article, "Tiêu đề sửa lần nữa")
    caching.cache.set(caching.GENERATION_KEY, caching.generation() + 1, None)
    redis_pages.retry_seconds = 0.05
    redis_pages.reconnect_now()
    assert wait_for(lambda: redis_pages.live)
    assert len(redis_pages.pages) == 0
    assert redis_pages._generation == caching.generation()
    assert "Tiêu đề sửa lần nữa" in client.get(url).content.decode()
    client.get(url)
    counting.calls.clear()
    assert "Tiêu đề sửa lần nữa" in client.get(url).content.decode()
    assert counting.calls == []  # back to this worker's copy


def test_a_silent_listener_is_not_trusted(client, redis_pages, counting):
    article = make_article()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    assert redis_pages.trusted_generation() is not None
    redis_pages._last_heard -= redis_pages.silence_seconds + 1  # as if no PONG came back for that long
    counting.calls.clear()
    client.get(article.get_absolute_url())
    assert counting.calls == ["get_many"]


def test_a_scheduled_article_appears_at_its_minute_on_pages_this_worker_holds(client, redis_pages, counting):
    make_article("Bài đã đăng")
    due = timezone.now() + datetime.timedelta(hours=2)
    make_article("Bài hẹn giờ", published_at=due)
    assert "Bài hẹn giờ" not in client.get("/").content.decode()
    client.get("/")
    counting.calls.clear()
    assert "Bài hẹn giờ" not in client.get("/").content.decode()
    assert counting.calls == []  # before its minute: this worker's copy
    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        assert "Bài hẹn giờ" in client.get("/").content.decode()


def test_worker_copies_are_kept_only_with_redis_and_can_be_switched_off(settings):
    assert caching._listener() is None  # LocMemCache (tests, make run): one process, nothing to follow
    url = require_redis()
    settings.PUBLIC_PAGE_LOCAL_CACHE_ENTRIES = 0
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    ):
        assert caching._listener() is None


def test_channel_names_carry_the_redis_database_and_the_key_prefix():
    def backend(location: str, prefix: str):
        config = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location, "KEY_PREFIX": prefix}
        with override_settings(CACHES={"default": config}):
            return caching._channel(caches["default"])

    names = {
        backend("redis://127.0.0.1:6379/3", "toasoan"),
        backend("redis://127.0.0.1:6379/5", "toasoan"),
        backend("redis://127.0.0.1:6379/3", "other-site"),
    }
    assert len(names) == 3


def test_worker_copies_are_bounded_in_pages_and_bytes():
    def page(size: int) -> StoredPage:
        return StoredPage(1, 200, b"x" * size, {"Content-Type": "text/html"})

    pages = PageLRU(max_entries=2, max_bytes=10_000)
    pages.put("/a", page(100))
    pages.put("/b", page(100))
    pages.get("/a")  # recently used: kept
    pages.put("/c", page(100))
    assert pages.get("/b") is None and pages.get("/a") is not None
    assert len(pages) == 2

    pages.put("/big", page(9_500))
    assert len(pages) == 1 and pages.get("/big") is not None
    assert pages.bytes <= 10_000
    pages.put("/too-big", page(20_000))
    assert pages.get("/too-big") is None


def test_a_forked_worker_starts_its_own_listener(redis_pages):
    # gunicorn forks workers; the parent's listener thread does not exist in the child.
    assert caching._listener() is redis_pages
    page_cache_local._forget_after_fork()
    try:
        child = caching._listener()
        assert child is not None and child is not redis_pages
    finally:
        redis_pages.stop()
