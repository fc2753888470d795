"""Which address shows a page in each language, and whether those addresses are true translations of each other
(then they name each other with hreflang) or the English one only falls back to the Vietnamese text."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language

# What the switch says, each in its own language.
NAMES = {"vi": "Tiếng Việt", "en": "English"}


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str
    url: str  # absolute
    current: bool


def page_path(request: HttpRequest) -> str:
    """The page's address as its canonical link gives it: the path, and the page number of a list."""
    page = request.GET.get("page", "")
    return request.path + (f"?page={page}" if page.isdigit() and page != "1" else "")


def languages_of(request: HttpRequest, urls: dict[str, str] | None = None) -> list[PageLanguage]:
    """This page in every language: `urls` where the view knows them (an article whose English version has its
    own address), the same address under the other prefix otherwise."""
    here = page_path(request)
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    result = []
    for code, _ in settings.LANGUAGES:
        url = (urls or {}).get(code) or translate_url(here, code)
        if code != current and url == here:
            # An address that does not resolve (a "not found" page): the other language's front page.
            with translation.override(code):
                url = reverse("public:home")
        result.append(PageLanguage(code, NAMES[code], request.build_absolute_uri(url), code == current))
    return result
