"""Captioned pictures whose picture is still missing: the legacy import knows only their captions.

CKEditor's image2 plugin opens a `<figure class="image-captioned">` only when it holds an `<img>`; a figure with
just a `<figcaption>` crashed the editor ("Cannot read properties of null (reading 'getFirst')"). Such a caption
is stored with a placeholder picture instead: the editor opens it as an ordinary captioned picture, and an editor
attaches the real picture by double-clicking the placeholder (the caption stays). The public site never shows
the placeholder, nor its caption alone (`without_missing_pictures`): a caption whose picture never arrived would
be an orphan. The admin lists the articles that still have one (`Article.objects.missing_pictures()`).
"""

from __future__ import annotations

import re

from django.utils.html import escape

# A fixed address rather than `static()`: it is stored in article bodies, which outlive a STATIC_URL change; the
# public pages drop it by this exact value, and collectstatic keeps the unhashed file beside the hashed one.
MISSING_PICTURE_SRC = "/static/img/anh-con-thieu.svg"
PLACEHOLDER_IMG = f'<img src="{MISSING_PICTURE_SRC}" alt="">'

_FIGURE_RE = re.compile(r"(<figure\b[^>]*>)(.*?)(</figure>)", re.I | re.S)
_PICTURE_RE = re.compile(r"<(?:img|picture)\b", re.I)
_PLACEHOLDER_RE = re.compile(r"<img\b[^>]*\bsrc=(['\"])" + re.escape(MISSING_PICTURE_SRC) + r"\1[^>]*>", re.I)


def captioned_placeholder(caption: str) -> str:
    """A picture the import knows only by its caption, in markup the editor can open."""
    return f'<figure class="image-captioned">{PLACEHOLDER_IMG}<figcaption>{escape(caption)}</figcaption></figure>'


def with_placeholder_pictures(body: str) -> str:
    """`body` with a placeholder picture put into each figure that has a caption but no picture."""

    def fill(match: re.Match[str]) -> str:
        opening, inside, closing = match.groups()
        if _PICTURE_RE.search(inside) or "<figcaption" not in inside.lower():
            return match[0]
        return opening + PLACEHOLDER_IMG + inside + closing

    return _FIGURE_RE.sub(fill, body or "")


def is_placeholder(src: str) -> bool:
    return src == MISSING_PICTURE_SRC


def without_placeholders(body: str) -> str:
    """`body` as readers get it: placeholders removed, captions kept."""
    return _PLACEHOLDER_RE.sub("", body or "")


def missing_picture_count(body: str) -> int:
    return len(_PLACEHOLDER_RE.findall(body or ""))


def without_missing_pictures(body: str) -> str:
    """`body` as readers get it: each figure whose picture is missing (a placeholder, or a caption alone) left out,
    caption and all; placeholders anywhere else removed."""

    def drop(match: re.Match[str]) -> str:
        inside = _PLACEHOLDER_RE.sub("", match[2])
        return match[0] if _PICTURE_RE.search(inside) else ""

    return without_placeholders(_FIGURE_RE.sub(drop, body or ""))
