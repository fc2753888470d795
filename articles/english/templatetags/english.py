"""Templates in two languages: directory text with its English twin, the language switch, hreflang links."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.english import languages
from articles.newsroom import contacts
from articles.newsroom import translated as translated_text

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """Plain text in the reader's language (for attributes and titles)."""
    return translated_text.text(obj, field)


@register.filter
def untranslated(obj: Any, field: str) -> bool:
    """Whether the English site shows this field's Vietnamese text for want of an English one."""
    return translated_text.falls_back(obj, field)


@register.simple_tag
def translated(obj: Any, field: str) -> SafeString:
    """The text in the reader's language; Vietnamese text on the English site is marked `lang="vi"`, so screen
    readers pronounce it as Vietnamese."""
    value = translated_text.text(obj, field)
    if translated_text.falls_back(obj, field):
        return format_html('<span lang="vi">{}</span>', value)
    return format_html("{}", value)


@register.simple_tag(takes_context=True)
def page_languages(context: template.Context) -> list[languages.PageLanguage]:
    """This page in each language; a view sets `language_urls` when the addresses differ by more than /en/."""
    request = context.get("request")
    if request is None:
        return []
    return languages.languages_of(request, context.get("language_urls"))


@register.filter
def tel_uri(phone: str) -> str:
    """`tel:+84…` for a Vietnamese phone number, so phones dial it from a link."""
    return contacts.tel_uri(phone or "")
