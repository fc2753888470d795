"""Whole-page caching of the public site for anonymous readers.

Pages are stored through Django's cache API (the `default` alias) under a key that includes a site
generation number. Any change to an article, agency, official, programme or appointment bumps the
generation (see `articles.signals`), so the next anonymous request renders a fresh page; stale
entries simply expire. Responses carry ETag, Last-Modified (the time of the last change) and a
Cache-Control fit for a CDN; conditional GETs get 304.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

GENERATION_KEY = "toasoan:site-generation"
# When the next scheduled article becomes public (epoch seconds; 0: none scheduled).
NEXT_SCHEDULED_KEY = "toasoan:next-scheduled"
# /healthz must reach its own checks: this middleware's cache and database reads would turn a
# failing service into a 500 instead of the 503 that names it (issue 8).
EXCLUDED_PREFIXES = ("/quan-tri/", "/ckeditor/", "/media/", "/static/", "/healthz")
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Cache-Control", "Vary", "Location")


def generation() -> int:
    """The current site generation: nanoseconds since the epoch of the last content change."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY) or time.time_ns()
    return value


def bump_generation() -> None:
    """Forget every cached page (called when public content changes)."""
    cache.set(GENERATION_KEY, max(time.time_ns(), generation() + 1), None)
    cache.delete(NEXT_SCHEDULED_KEY)


def _next_scheduled() -> int:
    from articles.models import Article

    moment = Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
    return int(moment.timestamp()) if moment else 0


def current_generation() -> int:
    """The generation to serve now: a scheduled article whose minute has come makes a new one.

    Scheduling needs no clock job (published() compares with now), so no signal fires when an
    article's time comes; the moment is remembered here instead and checked on each request.
    Both values come in one cache round trip: every anonymous request starts here.
    """
    values = cache.get_many([NEXT_SCHEDULED_KEY, GENERATION_KEY])
    due = values.get(NEXT_SCHEDULED_KEY)
    if due is None:
        due = _next_scheduled()
        cache.set(NEXT_SCHEDULED_KEY, due, None)
    if due and due <= timezone.now().timestamp():
        bump_generation()
        return generation()
    return values.get(GENERATION_KEY) or generation()


def current_generation_and(key: str) -> tuple[int, object]:
    """The generation to serve now (as current_generation) and what the cache holds under `key`,
    in one cache round trip: a cached page then costs a single MGET."""
    values = cache.get_many([NEXT_SCHEDULED_KEY, GENERATION_KEY, key])
    due = values.get(NEXT_SCHEDULED_KEY)
    if due is None:
        due = _next_scheduled()
        cache.set(NEXT_SCHEDULED_KEY, due, None)
    if due and due <= timezone.now().timestamp():
        bump_generation()
        return generation(), None
    current = values.get(GENERATION_KEY)
    if current is None:
        return generation(), None
    return current, values.get(key)


def last_modified() -> int:
    """Seconds since the epoch of the last content change (for Last-Modified)."""
    return generation() // 1_000_000_000


def _cache_is_off() -> bool:
    """True when the default cache is a DummyCache (a site run without a cache), which stores nothing."""
    return isinstance(caches["default"], DummyCache)


def _is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GETs of public pages. Citizens never get a session on the public site, so a session
    cookie (an editor, signed in or not) is enough to bypass the cache without loading the session:
    the middleware can then sit in front of the session, auth and locale middleware, and a page served
    from the cache skips them."""
    return (
        request.method == "GET"
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _is_signed_in(request: HttpRequest) -> bool:
    # Read after the inner middleware ran: AuthenticationMiddleware has set request.user by then.
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _is_cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code in (200, 301)
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _page_key(request: HttpRequest) -> str:
    """One entry per URL; it holds the generation it was rendered in, and a newer one replaces it."""
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"toasoan:page:{digest}"


class PublicPageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache and answers conditional GETs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_cacheable_request(request) and _cache_is_off():
            return self._without_cache(request)
        if not _is_cacheable_request(request):
            response = self.get_response(request)
            if _is_signed_in(request) and not request.path.startswith(EXCLUDED_PREFIXES):
                # Pages seen by a signed-in editor must not be kept by a CDN or shown to anyone else.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = _page_key(request)
        current, stored = current_generation_and(key)
        if stored is None or stored[0] != current:
            response = self.get_response(request)
            if not _is_cacheable_response(response):
                return response
            self._add_validators(response, current)
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            cache.set(
                key, (current, response.status_code, response.content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS
            )
        else:
            _, status, content, headers = stored
            response = HttpResponse(content, status=status)
            for header, value in headers.items():
                response[header] = value
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=current // 1_000_000_000,
            response=response,
        )

    def _without_cache(self, request: HttpRequest) -> HttpResponse:
        """With a cache that keeps nothing, the page is rendered with the same headers, and the
        bookkeeping that only serves stored pages (generation, next scheduled article) is skipped."""
        response = self.get_response(request)
        if not _is_cacheable_response(response):
            return response
        current = time.time_ns()
        self._add_validators(response, current)
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=current // 1_000_000_000, response=response
        )

    @staticmethod
    def _add_validators(response: HttpResponse, current: int) -> None:
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["Last-Modified"] = http_date(current // 1_000_000_000)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PUBLIC_BROWSER_CACHE_SECONDS,
            s_maxage=settings.PUBLIC_PAGE_CACHE_SECONDS,
        )
