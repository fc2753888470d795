"""Redis is an accelerator: stopped, timing out or back again, it costs speed, never a page or an edit."""

import logging
import uuid
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.newsroom.models import Article
from tests.cache_helpers import RedisProxy
from tests.factories import article_form_data, make_agency, make_article, make_editor
from tests.legacy_helpers import GOOD_SAMPLES
from tests.services import require_redis

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["public:home", "search:results", "public:feed_rss", "sitemap_index", "public:agency_list"]


def redis_cache(url: str, **options) -> dict:
    return {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, **options},
        }
    }


@pytest.fixture
def redis_down(settings):
    """Nothing listens on port 1: every connection is refused, as with Redis stopped."""
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0")


@pytest.fixture
def proxy(settings):
    target = urlsplit(require_redis())
    proxy = RedisProxy((target.hostname, target.port or 6379))
    settings.CACHES = redis_cache(proxy.url, retry_after=0)
    yield proxy
    proxy.set_mode("up")
    cache.clear()
    proxy.close()


def page_urls(article: Article) -> list[str]:
    return [reverse(name) for name in PUBLIC_PAGES] + [article.get_absolute_url(), "/tim-kiem/?q=cau+vuot"]


def test_with_redis_down_every_public_page_answers(client, redis_down):
    article = make_article("Cầu vượt Mai Dịch thông xe")
    for url in page_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Cầu vượt Mai Dịch" in client.get("/").content.decode()


def test_with_redis_down_an_editor_saves_an_article(client, redis_down):
    agency = make_agency()
    editor = make_editor("bientap", roles=("writer", "approver"), agencies=(agency,))
    article = make_article("Tiêu đề cũ", agency=agency)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, title="Tiêu đề mới"))
    assert response.status_code == 302, response.content.decode()[:2000]
    # A published article's edit waits for another approver (issue 18), who publishes it with Redis still down.
    client.force_login(make_editor("pheduyet", roles=("approver",), agencies=(agency,)))
    step = reverse("admin:articles_article_step", args=[article.pk, "dang-ban-sua"])
    assert client.post(step, {"kind": "minor", "note": "", "comment": ""}).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Tiêu đề mới"
    assert "Tiêu đề mới" in client.get(article.get_absolute_url()).content.decode()


def test_with_redis_down_the_legacy_import_succeeds(redis_down):
    make_agency("UBND thành phố Hà Nội", slug="ubnd-thanh-pho-ha-noi")
    call_command("import_legacy", *map(str, GOOD_SAMPLES), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Article.objects.filter(legacy_id__isnull=False).count() == 12


def test_with_redis_down_healthz_says_degraded_and_keeps_the_site_in_the_load_balancer(client, redis_down):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


def test_the_outage_is_logged_once_a_minute_not_on_every_request(client, settings, caplog, monkeypatch):
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0", retry_after=0)
    make_article()
    with caplog.at_level(logging.ERROR, logger="cms.cache"):
        for _ in range(5):
            assert client.get("/").status_code == 200
    reports = [record for record in caplog.records if record.name == "cms.cache"]
    assert len(reports) == 1
    assert "Redis cache unavailable" in reports[0].getMessage()

    import cms.cache

    later = cms.cache.time.monotonic() + 61
    monkeypatch.setattr(cms.cache.time, "monotonic", lambda: later)
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="cms.cache"):
        client.get("/")
    assert [record.name for record in caplog.records if record.name == "cms.cache"] == ["cms.cache"]


def test_a_redis_that_times_out_is_left_alone_for_a_while(client, settings, proxy):
    settings.CACHES["default"]["OPTIONS"]["retry_after"] = 60
    make_article()
    proxy.set_mode("hang")
    assert client.get("/").status_code == 200  # waits for the socket timeout once
    tried = proxy.accepted
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert proxy.accepted == tried


def test_the_cache_recovers_when_redis_returns_without_serving_pages_from_before(client, proxy):
    article = make_article("Tiêu đề trước sự cố")
    url = article.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert "Tiêu đề trước sự cố" in client.get(url).content.decode()
    assert len(queries) == 0  # cached in Redis

    proxy.set_mode("down")
    article.title = "Tiêu đề sửa trong sự cố"
    article.save()  # the cache cannot record this change
    assert "Tiêu đề sửa trong sự cố" in client.get(url).content.decode()

    proxy.set_mode("up")
    assert "Tiêu đề sửa trong sự cố" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "Tiêu đề sửa trong sự cố" in client.get(url).content.decode()
    assert len(queries) == 0, "pages are cached again"


def test_with_redis_down_sessions_keep_editors_signed_in(client, redis_down):
    agency = make_agency()
    editor = make_editor("bientap", roles=("writer",), agencies=(agency,))
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200
