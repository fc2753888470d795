"""Whole-page caching of the public site for anonymous readers (the one page cache; see store.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from articles.pagecache import store

# /healthz must reach its own checks, and the admin, uploads and files are not pages.
EXCLUDED_PREFIXES = ("/quan-tri/", "/ckeditor/", "/media/", "/static/", "/healthz")
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GETs of public pages. Citizens never get a session on the public site, so a session cookie
    (an editor, signed in or not) is enough to bypass the cache without loading the session: the middleware
    sits in front of the session, auth and locale middleware, and a page served from the cache skips them."""
    return (
        request.method == "GET"
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _is_cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in (200, 301)
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 for a conditional GET that matches; most requests have no condition to check."""
    if not any(header in request.META for header in CONDITIONAL_HEADERS):
        return response
    last_modified = parse_http_date_safe(response["Last-Modified"])
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return conditional or response


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not request.path.startswith(EXCLUDED_PREFIXES):
                # Pages an editor sees must not be kept by a CDN or shown to anyone else.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = store.page_key(request.build_absolute_uri())
        current, page = store.read(key)
        if page is None:
            response = self.get_response(request)
            if not _is_cacheable_response(response):
                return response
            next_change = getattr(request, store.NEXT_CHANGE_ATTRIBUTE, store.UNKNOWN)
            page = store.Page.of(response, generation=current, expires=store.expiry(current, next_change=next_change))
            if current is not None:
                store.write(key, page)
            for name in ("ETag", "Last-Modified"):
                response[name] = page.headers[name]
            response["Cache-Control"] = page.cache_control()
            return _conditional(request, response)
        return _conditional(request, page.response())
