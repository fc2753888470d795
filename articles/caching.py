"""Whole-page caching of the public site for anonymous readers.

Pages are stored through Django's cache API (the `default` alias) under a key that includes a site
generation number. Any change to an article, agency, official, programme or appointment bumps the
generation (see `articles.signals`), so the next anonymous request renders a fresh page; stale
entries simply expire. Responses carry ETag, Last-Modified (the time of the last change) and a
Cache-Control fit for a CDN; conditional GETs get 304.

With Redis, each web process also keeps its own copy of the pages it served lately and learns of
new generations through pub/sub (articles/page_cache_local.py): a page it holds is then served
without any round trip. The process that makes a change knows the new generation at once; other
processes learn it when the message arrives (milliseconds), and ask Redis on every request while
their listener is not subscribed.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from redis.connection import parse_url

from articles import page_cache_local
from articles.page_cache_local import StoredPage

GENERATION_KEY = "toasoan:site-generation"
# (generation, when the next scheduled article becomes public in epoch seconds; 0: none scheduled),
# computed for that generation: a value computed for an older one is simply recomputed, so a bump
# need not delete it, and a reader racing a bump cannot pair a new generation with an old moment.
NEXT_SCHEDULED_KEY = "toasoan:next-scheduled-for"
# /healthz must reach its own checks: this middleware's cache and database reads would turn a
# failing service into a 500 instead of the 503 that names it (issue 8).
EXCLUDED_PREFIXES = ("/quan-tri/", "/ckeditor/", "/media/", "/static/", "/healthz")
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Cache-Control", "Vary", "Location")
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def generation() -> int:
    """The current site generation: nanoseconds since the epoch of the last content change."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY) or time.time_ns()
    return value


def bump_generation() -> int:
    """Forget every cached page (called when public content changes); returns the new generation.

    With Redis, the new generation is also published to every web process (see
    articles/page_cache_local.py); this process knows it before the next line runs."""
    new = max(time.time_ns(), generation() + 1)
    cache.set(GENERATION_KEY, new, None)
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        channel = _channel(backend)
        page_cache_local.note_bump(channel, new)
        backend._cache.get_client(write=True).publish(channel, new)
    return new


def _next_scheduled() -> int:
    from articles.models import Article

    moment = Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
    return int(moment.timestamp()) if moment else 0


def _due_for(current: int, stored: object) -> int:
    """When the next scheduled article becomes public, as known for generation `current`."""
    if isinstance(stored, tuple) and stored[0] == current:
        return stored[1]
    due = _next_scheduled()
    cache.set(NEXT_SCHEDULED_KEY, (current, due), None)
    return due


def _read_generation_and(key: str) -> tuple[int, object, int | None]:
    """The generation to serve now, what the cache holds under `key`, and the next scheduled
    moment for that generation (None when unknown), in one cache round trip.

    Scheduling needs no clock job (published() compares with now), so no signal fires when an
    article's time comes; the moment is remembered in the cache instead and checked on each
    request, and its coming makes a new generation."""
    values = cache.get_many([NEXT_SCHEDULED_KEY, GENERATION_KEY, key])
    current, stored = values.get(GENERATION_KEY), values.get(key)
    if current is None:
        current, stored = generation(), None
    due = _due_for(current, values.get(NEXT_SCHEDULED_KEY))
    if due and due <= timezone.now().timestamp():
        return bump_generation(), None, None
    return current, stored, due


def current_generation() -> int:
    """The generation to serve now: a scheduled article whose minute has come makes a new one."""
    return _read_generation_and(GENERATION_KEY)[0]


def current_generation_and(key: str) -> tuple[int, object]:
    """The generation to serve now (as current_generation) and what the cache holds under `key`,
    in one cache round trip: a page cached in Redis then costs a single MGET."""
    current, stored, _ = _read_generation_and(key)
    return current, stored


def _listener_state() -> tuple[int, int | None]:
    """What a (re)subscribed listener starts from: read in its own thread, no database."""
    values = cache.get_many([NEXT_SCHEDULED_KEY, GENERATION_KEY])
    current = values.get(GENERATION_KEY) or generation()
    stored = values.get(NEXT_SCHEDULED_KEY)
    return current, stored[1] if isinstance(stored, tuple) and stored[0] == current else None


def _channel(backend: RedisCache) -> str:
    """Pub/sub channels are server-wide, not per database: the name carries the database and the key
    prefix, so sites (or benchmarks) sharing a Redis server do not hear each other."""
    database = parse_url(backend._servers[0]).get("db", 0)
    return f"{backend.make_key(GENERATION_KEY)}:bumped@{database}"


def _listener() -> page_cache_local.GenerationListener | None:
    """This process's local pages and generation listener: only with Redis, and unless switched off.
    Remembered on the cache object (one per thread), and found again after a fork."""
    backend = caches["default"]
    epoch, listener = getattr(backend, "_toasoan_page_listener", (-1, None))
    if epoch != page_cache_local.fork_epoch:
        listener = None
        entries, megabytes = settings.PUBLIC_PAGE_LOCAL_CACHE_ENTRIES, settings.PUBLIC_PAGE_LOCAL_CACHE_MB
        if isinstance(backend, RedisCache) and entries > 0 and megabytes > 0:
            listener = page_cache_local.listener_for(
                url=backend._servers[0],
                channel=_channel(backend),
                read_state=_listener_state,
                max_entries=entries,
                max_bytes=megabytes * 1024 * 1024,
            )
        backend._toasoan_page_listener = (page_cache_local.fork_epoch, listener)
    return listener


def last_modified() -> int:
    """Seconds since the epoch of the last content change (for Last-Modified)."""
    return generation() // 1_000_000_000


def _cache_is_off() -> bool:
    """True when the default cache is a DummyCache (a site run without a cache), which stores nothing."""
    return isinstance(caches["default"], DummyCache)


def is_cacheable_request(request: HttpRequest) -> bool:
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
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if _is_signed_in(request) and not request.path.startswith(EXCLUDED_PREFIXES):
                # Pages seen by a signed-in editor must not be kept by a CDN or shown to anyone else.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if _cache_is_off():
            return self._without_cache(request)
        key = _page_key(request)
        listener = _listener()
        if listener is not None:
            # This process's own copy, while it knows the generation without asking Redis.
            current = listener.trusted_generation()
            if current is not None:
                page = listener.pages.get(key)
                if page is not None and page.generation == current:
                    return self._serve(request, page)
        current, stored, due = _read_generation_and(key)
        if listener is not None and due is not None:
            listener.learn(generation=current, due=due)
        if stored is not None and stored[0] == current:
            page = StoredPage(*stored)
            if listener is not None:
                listener.keep(key, page)
            return self._serve(request, page)
        response = self.get_response(request)
        if not _is_cacheable_response(response):
            return response
        self._add_validators(response, current)
        page = StoredPage(
            current, response.status_code, response.content, {h: response[h] for h in KEPT_HEADERS if h in response}
        )
        cache.set(key, (page.generation, page.status, page.content, page.headers), settings.PUBLIC_PAGE_CACHE_SECONDS)
        if listener is not None:
            listener.keep(key, page)
        return self._conditional(request, response, current)

    @classmethod
    def _serve(cls, request: HttpRequest, page: StoredPage) -> HttpResponse:
        response = HttpResponse(page.content, status=page.status, headers=page.headers)
        return cls._conditional(request, response, page.generation)

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse, current: int) -> HttpResponse:
        """304 for a conditional GET that matches; most requests have no condition to check."""
        if not any(header in request.META for header in CONDITIONAL_HEADERS):
            return response
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=current // 1_000_000_000, response=response
        )

    def _without_cache(self, request: HttpRequest) -> HttpResponse:
        """With a cache that keeps nothing, the page is rendered with the same headers, and the
        bookkeeping that only serves stored pages (generation, next scheduled article) is skipped."""
        response = self.get_response(request)
        if not _is_cacheable_response(response):
            return response
        current = time.time_ns()
        self._add_validators(response, current)
        return self._conditional(request, response, current)

    @staticmethod
    def _add_validators(response: HttpResponse, current: int) -> None:
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["Last-Modified"] = http_date(current // 1_000_000_000)
        browser, shared = settings.PUBLIC_BROWSER_CACHE_SECONDS, settings.PUBLIC_PAGE_CACHE_SECONDS
        if "Cache-Control" in response:
            patch_cache_control(response, public=True, max_age=browser, s_maxage=shared)
        else:  # what patch_cache_control writes, without parsing and rebuilding it on every response
            response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"
