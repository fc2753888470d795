"""In front of the page cache, for /api/ only: the anonymous rate limit, HEAD as GET, and a JSON body for every 4xx.

It sits outside the page cache (cms/settings.py), so a response served from the cache counts against the limit as
any other. The count lives in Django's cache (with Redis, `FailSafeRedisCache.count`: one round trip); with Redis
down (cms/cache.py answers as an empty cache) nobody is limited, since an accelerator's failure must never cost an
answer.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from articles.api.errors import error_body, error_response
from cms.client_ip import client_ip

API_PREFIX = "/api/"
WINDOW_SECONDS = 60


def seconds_until_allowed(address: str | None, *, now: float | None = None) -> int:
    """Count one request from `address` in the current minute; 0 if allowed, else the seconds to wait."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0 or not address:
        return 0
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"api:rate:{window}:{address}"
    count = _count(key)
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


def _count(key: str) -> int:
    counter = getattr(cache, "count", None)  # Redis (cms/cache.py): one round trip
    if counter is not None:
        return counter(key, WINDOW_SECONDS + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the first request of this minute (or a cache that keeps nothing)
        cache.add(key, 1, WINDOW_SECONDS + 1)
        return 1


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        wait = seconds_until_allowed(client_ip(request))
        if wait:
            response = error_response(429)
            response["Retry-After"] = str(wait)
            return response
        head = request.method == "HEAD"
        if head:
            # As Django's class-based views do: HEAD is answered as GET (and through the page cache), without the body.
            request.method = "GET"
        response = self.get_response(request)
        if head:
            request.method = "HEAD"
            if not response.streaming:
                response.content = b""
        if 400 <= response.status_code < 500 and not _is_json(response) and not response.streaming:
            # Django's own 404 page, a 405 from the router, a CSRF refusal...: the same JSON as the API's own errors,
            # with the response's other headers (Allow) kept.
            response.content = error_body(response.status_code)
            response["Content-Type"] = "application/json"
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
