"""What every page shows of the site settings: the `site` record and the `main_menu`, read only when a template
uses them (feeds and sitemaps do not)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from articles.newsroom.models import Article
from articles.pagecache.store import NEXT_CHANGE_ATTRIBUTE
from articles.site.models import MenuItem, SiteSettings


@dataclass(frozen=True)
class MenuEntry:
    label: str
    label_en: str
    href: str


def _address(href: str) -> str:
    """A page of this site in the reader's language (/co-quan/ is /en/co-quan/ on the English site)."""
    language = get_language()
    # Menu addresses are written as the Vietnamese site's: only another language needs them translated.
    if not href.startswith("/") or language == settings.LANGUAGE_CODE:
        return href
    return translate_url(href, language)


class _SiteAndMenu:
    """The record and the menu, read together: one query (the menu's rows joined to the record) on every page. The
    same query reads when the page stops being current without any write (a scheduled article's minute, a featuring's
    end), which the page cache would otherwise ask in a query of its own (articles/pagecache/store.py)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._loaded: tuple[SiteSettings, list[MenuEntry]] | None = None

    def load(self) -> tuple[SiteSettings, list[MenuEntry]]:
        if self._loaded is None:
            moments = Article.objects.next_unwritten_change_subqueries()
            items = list(MenuItem.objects.select_related("settings", "section").annotate(**moments))
            if items:
                found = [getattr(items[0], name) for name in moments]
                setattr(self.request, NEXT_CHANGE_ATTRIBUTE, min(filter(None, found), default=None))
            settings = items[0].settings if items else SiteSettings.current()
            self._loaded = settings, [MenuEntry(item.label, item.label_en, _address(item.href)) for item in items]
        return self._loaded


def current_entry(path: str, entries: list[MenuEntry]) -> str:
    """The menu address the page at `path` belongs to: the longest one `path` starts with ("/" only itself)."""
    matching = [e.href for e in entries if e.href == path or (e.href != "/" and path.startswith(e.href))]
    return max(matching, key=len, default="")


def site(request: HttpRequest) -> dict[str, object]:
    both = _SiteAndMenu(request)
    return {
        "site": SimpleLazyObject(lambda: both.load()[0]),
        "main_menu": SimpleLazyObject(lambda: both.load()[1]),
        # A view may name its section's address instead (an article: its first section).
        "nav_current": SimpleLazyObject(lambda: current_entry(request.path, both.load()[1])),
    }
