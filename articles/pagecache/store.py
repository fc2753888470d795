"""Where cached pages live: one generation number for the whole site, one entry per address.

The generation is the time (ns) of the last change a reader can see. A page is served only while it was stored
under the current generation and before its expiry; a change makes every stored page stale at once, and stale
entries simply expire. Pages are read and written through Django's `default` cache: Redis in production (whose
failures count as misses, see cms/cache.py), a file cache shared by the machine's processes otherwise, so that
a management command's change reaches the running site on its next request.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date
from django.utils.module_loading import import_string

from articles.newsroom.models import Article

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Location", "X-Robots-Tag")


@dataclass(frozen=True)
class Page:
    generation: int
    expires: float  # seconds since the epoch
    status: int
    content: bytes
    headers: dict[str, str]

    @classmethod
    def of(cls, response: HttpResponse, *, generation: int | None, expires: float) -> Page:
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        headers["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        changed = generation / 1e9 if generation else time.time()
        headers["Last-Modified"] = http_date(int(changed))
        return cls(generation or 0, expires, response.status_code, response.content, headers)

    def cache_control(self) -> str:
        """For browsers and a CDN: never kept beyond this page's own expiry."""
        left = max(0, round(self.expires - time.time()))
        browser = min(settings.PUBLIC_BROWSER_CACHE_SECONDS, left)
        stale = settings.PUBLIC_STALE_WHILE_REVALIDATE_SECONDS
        return f"public, max-age={browser}, s-maxage={left}, stale-while-revalidate={stale}"

    def response(self) -> HttpResponse:
        return HttpResponse(
            self.content, status=self.status, headers={**self.headers, "Cache-Control": self.cache_control()}
        )


def page_key(url: str) -> str:
    return "pagecache:page:" + hashlib.sha256(url.encode()).hexdigest()


def read(key: str) -> tuple[int | None, Page | None]:
    """The current generation (None when the cache keeps nothing) and the page stored under `key` if current."""
    values = cache.get_many([GENERATION_KEY, key])
    current = values.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        return cache.get(GENERATION_KEY), None
    page = values.get(key)
    if isinstance(page, Page) and page.generation == current and page.expires > time.time():
        return current, page
    return current, None


def write(key: str, page: Page) -> None:
    cache.set(key, page, max(1, math.ceil(page.expires - time.time())))


# On a request: the next unwritten change as the page's rendering already read it (see `expiry`).
NEXT_CHANGE_ATTRIBUTE = "pagecache_next_change"
UNKNOWN = object()


def expiry(generation: int | None, *, next_change: Any = UNKNOWN) -> float:
    """Until when a page rendered now may be kept: its lifetime, cut short by the next change that happens with
    no write (a scheduled publication's minute, a featured story's end: `Article.objects.next_unwritten_change`)
    and, with a read replica, by the replica's lag after the last change. `next_change` is that moment (or None)
    when the rendering read it already (with the page's site settings, articles/site/context.py)."""
    now = time.time()
    expires = now + settings.PUBLIC_PAGE_CACHE_SECONDS
    moment = Article.objects.next_unwritten_change() if next_change is UNKNOWN else next_change
    if moment is not None:
        expires = min(expires, moment.timestamp())
    if settings.DATABASE_REPLICA_URL and generation:
        caught_up = generation / 1e9 + settings.REPLICA_MAX_LAG_SECONDS
        if now < caught_up:
            expires = min(expires, caught_up)
    return expires


def bump() -> None:
    """Make every stored page stale, here and in front of the site (the purge hook, e.g. a CDN's)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    hook = settings.PAGE_CACHE_PURGE_HOOK
    if hook:
        try:
            import_string(hook)()
        except Exception:
            logger.exception("page cache purge hook %s failed", hook)
