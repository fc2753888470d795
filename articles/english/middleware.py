"""The language of a page comes from its address alone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class AddressLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without `Vary: Accept-Language`.

    With `prefix_default_language=False` every address outside /en/ is Vietnamese whatever the browser asks for,
    and /en/ is English: the language never depends on Accept-Language (nor on a cookie), so a response must not
    say it varies with it, or shared caches would keep one copy per browser language. `Content-Language` still
    names the page's language.
    """

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # The page is rendered by the time the response comes back; the thread returns to the language it had,
        # so one request's language never leaks into what the thread does next.
        before = translation.get_language()
        try:
            return super().__call__(request)  # type: ignore[return-value]  # sync only
        finally:
            if before:
                translation.activate(before)
            else:
                translation.deactivate()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
