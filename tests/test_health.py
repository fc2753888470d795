from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from tests.services import require_redis

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_cache_work(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_healthz_answers_503_naming_the_database_when_it_is_down(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "error", "cache": "ok"},
        "failing": ["database"],
    }


def test_healthz_says_degraded_but_answers_200_when_the_cache_loses_what_it_was_given(client):
    """The cache only accelerates: the instance stays in the load balancer."""
    with mock.patch("django.core.cache.backends.filebased.FileBasedCache.get", return_value=None):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error"},
        "failing": ["cache"],
    }


def test_healthz_logs_the_database_failure(client, caplog):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        client.get(reverse("healthz"))
    assert any("database unusable" in record.getMessage() for record in caplog.records)


def test_healthz_checks_the_real_redis(client):
    url = require_redis()
    redis_cache = {"default": {"BACKEND": "cms.cache.FailSafeRedisCache", "LOCATION": url}}
    with override_settings(CACHES=redis_cache):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("public:home")).status_code == 301
