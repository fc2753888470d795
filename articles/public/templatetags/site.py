"""Template helpers of the public site: pictures, JSON-LD, absolute URLs, pagination links."""

from __future__ import annotations

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.public import renditions

register = template.Library()

# As django.utils.html.json_script: keep "</script>" and friends from closing the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def picture(image, alt: str, sizes: str = "100vw", lazy: bool = True, css_class: str = "") -> SafeString:
    if not image:
        return mark_safe("")
    return renditions.picture_html(image.name, alt=alt, sizes=sizes, lazy=lazy, css_class=css_class)


@register.filter
def responsive_body(body: str) -> SafeString:
    return renditions.responsive_body(body)


@register.filter
def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, cls=_Encoder).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if hasattr(o, "isoformat"):
            return o.isoformat()
        return super().default(o)


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current URL with its query string kept and `page` set to `number` (1 drops it)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else context["request"].path


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without tracking or filter parameters (only the page number is kept)."""
    request = context["request"]
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    return request.build_absolute_uri(request.path) + suffix


@register.simple_tag(takes_context=True)
def share_image(context, article) -> str:
    """Absolute URL of the article's cover rendition for Open Graph / Twitter, or ""."""
    if not article.cover:
        return ""
    made = renditions.renditions(article.cover.name)
    return context["request"].build_absolute_uri(made.largest.url) if made else ""


@register.simple_tag(takes_context=True)
def news_article_ld(context, article) -> SafeString:
    """JSON-LD NewsArticle for an article page."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.published_at,
        "dateModified": max(article.updated_at, article.published_at),
        "inLanguage": "vi",
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "author": {"@type": "GovernmentOrganization", "name": article.agency.name,
                   "url": request.build_absolute_uri(article.agency.get_absolute_url())},
        "publisher": {"@type": "GovernmentOrganization", "name": context["site"].name,
                      "url": request.build_absolute_uri("/")},
    }  # fmt: skip
    image = share_image(context, article)
    if image:
        data["image"] = [image]
    return json_ld(data)
