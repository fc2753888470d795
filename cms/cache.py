"""Redis as an accelerator: when it fails, callers get a cache miss, never an exception.

Every operation that fails answers as an empty cache would (nothing found, nothing stored) and the failure is
logged at most once a minute. After a failure Redis is not tried again for `retry_after` seconds (an OPTIONS
entry, 5 by default), so a Redis that times out costs one slow request per process every few seconds rather
than a timeout per call. The first operation that works again sends `cache_recovered`: whatever was written
meanwhile (a content change the page cache could not record) can be accounted for then.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

cache_recovered = Signal()

RETRY_AFTER = 5.0
LOG_EVERY = 60.0
# INCR, and EXPIRE on the first count: atomic in Redis, one round trip.
COUNT_SCRIPT = (
    "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n"
)

T = TypeVar("T")


class KeptClientsRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool: Django builds one on every call, and
    building one (its table of some 170 reply callbacks) costs more CPU than a page cache hit's round trip."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django private, untyped
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class FailSafeRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("retry_after", RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = KeptClientsRedisCacheClient
        self._down_until = 0.0
        self._failed = False
        self._last_logged = 0.0
        self._unlogged = 0
        self._count_script: Any = None

    @property
    def is_down(self) -> bool:
        return self._failed

    def _safely(self, default: T, operation: Callable[..., T], *args: Any) -> T:
        if self._failed and not self._came_back():
            return default
        try:
            return operation(*args)
        except (RedisError, OSError) as error:
            self._note_failure(error)
            return default

    def _came_back(self) -> bool:
        """After a failure, whether Redis answers again; the first time it does, before any other use of it,
        the receivers of `cache_recovered` run."""
        if time.monotonic() < self._down_until:
            return False
        try:
            self._cache.get_client(write=True).ping()  # type: ignore[attr-defined]  # Django's RedisCacheClient
        except (RedisError, OSError) as error:
            self._note_failure(error)
            return False
        self._failed = False
        logger.warning("Redis answers again; the cache is back in use.")
        cache_recovered.send(sender=type(self), cache=self)
        return True

    def _note_failure(self, error: Exception) -> None:
        now = time.monotonic()
        self._failed = True
        self._down_until = now + self.retry_after
        self._unlogged += 1
        if now - self._last_logged >= LOG_EVERY:
            logger.error(
                "Redis cache unavailable (%s failures since the last report): %s; pages are served uncached.",
                self._unlogged,
                error,
            )
            self._last_logged, self._unlogged = now, 0

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._safely(False, super().add, key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._safely(default, super().get, key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._safely(None, super().set, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._safely(False, super().touch, key, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # A missing key still raises ValueError (Redis answered); with Redis down, 0.
        return self._safely(0, super().incr, key, delta, version)

    def count(self, key: Any, timeout: int, version: int | None = None) -> int:
        """Add one to a counter that expires `timeout` seconds after its first count, and return it; 0 while Redis is
        down. For the API's rate limit (articles/api/gate.py), which runs on every API request: one round trip to a
        Lua script on a client kept by this cache (Django's `add` and `incr` take three round trips and build a
        client each: ~160 µs of CPU against ~40 here)."""

        def counted() -> int:
            if self._count_script is None:
                client = self._cache.get_client(None, write=True)  # type: ignore[attr-defined]  # RedisCacheClient
                self._count_script = client.register_script(COUNT_SCRIPT)
            return int(self._count_script(keys=[self.make_and_validate_key(key, version=version)], args=[timeout]))

        return self._safely(0, counted)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._safely(False, super().delete, key, version)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._safely({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._safely(False, super().has_key, key, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._safely(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._safely(None, super().delete_many, keys, version)

    def clear(self) -> None:
        self._safely(None, super().clear)
