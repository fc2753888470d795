"""The API over HTTP: ETag/Last-Modified/304 through the page cache, CORS (on cached answers too), the anonymous
rate limit (429 + Retry-After, failing open without Redis), a JSON body for every 4xx, never a 500 for bad
parameters."""

import datetime
import uuid

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api_world import build_api_world
from tests.factories import make_article
from tests.services import require_redis

pytestmark = pytest.mark.django_db

ORIGIN = "https://bao-dien-tu.example"


def test_answers_carry_etag_and_last_modified_and_a_conditional_get_gets_304(client):
    build_api_world(public_count=1)
    url = reverse("api:v1:article_list")
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_cached_answer_needs_no_query_and_keeps_its_etag_and_cors_headers(client):
    build_api_world(public_count=1)
    url = reverse("api:v1:article_list")
    first = client.get(url, HTTP_ORIGIN=ORIGIN)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(url, HTTP_ORIGIN=ORIGIN)
    assert len(queries) == 0
    assert cached.content == first.content and cached["ETag"] == first["ETag"]
    for response in (first, cached):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_change_readers_see_reaches_the_cached_list(client):
    build_api_world(public_count=1)
    url = reverse("api:v1:article_list")
    before = client.get(url)
    article = make_article("Thông xe cầu Vĩnh Tuy 2")
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["items"][0]["id"] == article.pk


def test_head_is_answered_as_get_without_the_body(client):
    build_api_world(public_count=1)
    url = reverse("api:v1:article_list")
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Type"] == get["Content-Type"]


def test_a_browser_preflight_is_answered_for_get_only(client):
    response = client.options(
        reverse("api:v1:article_list"),
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_the_json_feed_is_open_to_other_sites_and_pages_are_not(client):
    assert client.get(reverse("public:feed_json"), HTTP_ORIGIN=ORIGIN)["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(reverse("public:home"), HTTP_ORIGIN=ORIGIN)


def test_past_the_limit_a_client_gets_429_with_retry_after_cached_answers_included(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    url = reverse("api:v1:agency_list")
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, 15, tzinfo=datetime.UTC), tick=False):
        assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]  # the last two from the cache
        refused = client.get(url)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert refused.json()["status"] == 429 and "Retry-After" in refused.json()["detail"]
        assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200  # another address has its own count
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 1, 0, tzinfo=datetime.UTC), tick=False):
        assert client.get(url).status_code == 200  # a new minute


def test_the_limit_counts_the_client_address_behind_trusted_proxies(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("api:v1:index")
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_with_redis_the_limit_counts_in_one_expiring_key(client, settings):
    url = require_redis()
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "cms.cache.FailSafeRedisCache", "LOCATION": url, "KEY_PREFIX": prefix}}
    server = redis.Redis.from_url(url)
    try:
        statuses = [client.get(reverse("api:v1:index")).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert cache.count("counter", 61) == 1 and cache.count("counter", 61) == 2
        assert 0 < server.ttl(cache.make_key("counter")) <= 61  # it expires: one key per address and minute
    finally:
        for key in server.keys(f"{prefix}:*"):  # only this test's keys: the database is shared
            server.delete(key)
        cache.close()


def test_with_redis_down_the_api_answers_and_limits_nobody(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    # Nothing listens on port 1: every connection is refused, as with Redis stopped.
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    build_api_world(public_count=1)
    for _ in range(3):
        response = client.get(reverse("api:v1:article_list"))
        assert response.status_code == 200 and response.json()["items"]
    cache.close()


@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=0",
        "limit=101",
        "limit=99999999999999999999999",
        "cursor=not-a-cursor",
        "cursor=1_2_3",
        "date_from=2020-02-30",
        "date_from=18/06/2018",
        "date_to=0",
        "agency=-1",
        "agency=99999999999999999999",
        "official=abc",
        "ordering=best",
        "q=" + "a" * 201,
    ],
)
def test_bad_parameters_get_a_400_naming_each_parameter_in_vietnamese(client, query):
    response = client.get(reverse("api:v1:article_list") + "?" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Tham số không hợp lệ"
    assert [error["parameter"] for error in body["errors"]] == [query.split("=")[0]]
    assert all(error["message"] for error in body["errors"])


@pytest.mark.parametrize(
    "query",
    ["q=%00", "q=%F0%9F%92%A9", "q=%27%3B--", "date_from=9999-12-31", "date_to=0001-01-01", "cursor=0_0",
     "cursor=99999999999999999_999999999999999999", "agency=9223372036854775807", "q=a&ordering=oldest"],
)  # fmt: skip
def test_odd_but_well_formed_parameters_are_answered(client, query):
    build_api_world(public_count=1)
    assert client.get(reverse("api:v1:article_list") + "?" + query).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/khong-co/", 404),
        ("get", "/api/v1/articles/999999/", 404),
        ("get", "/api/v1/agencies/0/", 400),
        ("post", "/api/v1/articles/", 405),
        ("delete", "/api/v1/agencies/1/", 405),
        ("get", "/api/v2/articles/", 404),
    ],
)
def test_every_4xx_has_a_json_body(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert int(response["Content-Length"]) == len(response.content)
    if status == 405:
        assert response["Allow"] == "GET"


def test_robots_keep_crawlers_off_the_api_but_not_its_documentation(client):
    robots = client.get(reverse("robots_txt")).content.decode()
    assert "Disallow: /api/" in robots and "Allow: /api/v1/docs/" in robots
