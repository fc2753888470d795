from __future__ import annotations

from django import template

from articles.pages.models import Page

register = template.Library()


@register.simple_tag
def footer_pages() -> list[Page]:
    """The published pages, for the footer's links (one query)."""
    return list(Page.objects.published().only("kind", "title", "title_en", "slug", "slug_en", "order"))
