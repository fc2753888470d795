"""Allow-list cleaning of what editors type, with nh3 (the Ammonia sanitiser).

Rich text keeps what CKEditor's toolbar can make (paragraphs, headings, lists, tables, links, pictures
with captions, alignment) and nothing else: no scripts, event handlers, forms, `javascript:`/`data:` URLs,
no styles beyond `text-align`, no iframes except players from a few video hosts. Titles, leads, captions,
alt texts and sources are plain text.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

RICH_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "caption", "thead",
    "tbody", "tfoot", "tr", "th", "td", "span", "div", "iframe",
}  # fmt: skip

ALIGNED = {"style"}
RICH_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen", "frameborder"},
    "td": {"colspan", "rowspan", *ALIGNED},
    "th": {"colspan", "rowspan", "scope", *ALIGNED},
    "figure": {"class"},
    **dict.fromkeys(("p", "h2", "h3", "h4", "h5", "h6", "div", "li", "blockquote", "span"), ALIGNED),
}

URL_SCHEMES = {"http", "https", "mailto"}

# Video players that may be embedded; any other iframe is removed.
VIDEO_HOSTS = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"}

ALIGNMENT_RE = re.compile(r"^\s*text-align\s*:\s*(left|right|center|justify)\s*$", re.IGNORECASE)
FIGURE_CLASSES = {"image", "image-captioned", "image-style-align-left", "image-style-align-right"}
TAG_LIKE_RE = re.compile(r"<[a-zA-Z/!?][^>]*>?")
IFRAME_WITHOUT_SOURCE_RE = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.IGNORECASE | re.DOTALL)
# A picture whose address was refused (data:, file:, blob:) or never there: a broken image for readers.
IMG_WITHOUT_SOURCE_RE = re.compile(r'<img(?![^>]*\ssrc="[^"])[^>]*>', re.IGNORECASE)


def _is_video_player(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme == "https" and (parts.hostname or "").lower() in VIDEO_HOSTS


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        for declaration in value.split(";"):
            match = ALIGNMENT_RE.match(declaration)
            if match:
                return f"text-align: {match.group(1).lower()}"
        return None
    if tag == "iframe" and attribute == "src":
        return value if _is_video_player(value) else None
    if tag == "figure" and attribute == "class":
        kept = [name for name in value.split() if name in FIGURE_CLASSES]
        return " ".join(kept) or None
    if attribute in {"width", "height", "colspan", "rowspan"}:
        return value if value.strip().isdigit() else None
    return value


def clean_html(value: str) -> str:
    """Rich text reduced to the allow-list."""
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=RICH_TAGS,
        attributes=RICH_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return IMG_WITHOUT_SOURCE_RE.sub("", IFRAME_WITHOUT_SOURCE_RE.sub("", cleaned))


def plain_text(value: str) -> str:
    """Text with every tag removed; entities are decoded, so the template escapes it once on output.

    Repeats until stable so that escaped markup (`&lt;script&gt;`) cannot come back as a tag.
    """
    if not value:
        return value
    previous = None
    text = value
    for _ in range(5):
        if text == previous:
            break
        previous = text
        text = html.unescape(nh3.clean(text, tags=set(), strip_comments=True))
    # Whatever still looks like a tag after unescaping is dropped rather than kept as text.
    return TAG_LIKE_RE.sub("", text)
