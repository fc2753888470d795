"""The real services some tests need: skipped on a developer's machine without them, failed in CI."""

from __future__ import annotations

import os

import pytest
import redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing_service(message: str) -> None:
    """Skip locally; in CI a missing service is a failure, never a silent skip."""
    if in_ci():
        pytest.fail(f"{message} (CI=true: .ci/run should have started it)")
    pytest.skip(message)


def require_redis(url: str = REDIS_URL) -> str:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        missing_service(f"Redis is not reachable at {url} ({error}); start redis-server to run this test")
    return url
