"""Responsive renditions of uploaded pictures: several widths, WebP with a JPEG fallback.

Renditions are generated once with Pillow and kept on disk under MEDIA_ROOT/renditions/, in a
folder keyed by the source's name and modification time, so replacing a picture makes new ones.
Pages then serve <picture> with srcset/sizes, width/height and lazy loading below the fold.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from PIL import Image, ImageOps, UnidentifiedImageError

from articles.newsroom import figures

FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
RENDITION_DIR = "renditions"
BODY_SIZES = "(min-width: 58rem) 56rem, 100vw"
_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
_ATTR_RE = re.compile(r"""([a-zA-Z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    ext: str


@dataclass(frozen=True)
class RenditionSet:
    webp: list[Rendition]
    jpeg: list[Rendition]

    @property
    def largest(self) -> Rendition:
        return self.jpeg[-1]

    def fallback(self, max_width: int = 960) -> Rendition:
        fitting = [r for r in self.jpeg if r.width <= max_width]
        return fitting[-1] if fitting else self.jpeg[0]


def target_widths(source_width: int, widths: tuple[int, ...] | None = None) -> list[int]:
    """The widths to make: each configured width smaller than the source, plus the source (capped)."""
    widths = tuple(widths or settings.RENDITION_WIDTHS)
    return sorted({w for w in widths if w < source_width} | {min(source_width, max(widths))})


def _source_path(name: str) -> Path | None:
    if not name or ".." in Path(name).parts:
        return None
    try:
        path = Path(default_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return path if path.is_file() else None


def _folder(name: str, path: Path) -> str:
    key = hashlib.sha256(f"{name}:{path.stat().st_mtime_ns}".encode()).hexdigest()[:20]
    return f"{RENDITION_DIR}/{key}"


# Renditions known to be on disk, by source name and modification time (and where media live): list
# pages show up to 20 pictures, and reading each one's manifest again on every request cost more than
# writing its <picture> tag. A replaced picture has a new modification time, so a new entry.
_KNOWN: dict[tuple[str, int, str, str], RenditionSet] = {}
_KNOWN_LIMIT = 4096


def renditions(name: str) -> RenditionSet | None:
    """Renditions of the stored picture `name`, made on first use; None if it is missing or not a picture."""
    path = _source_path(name)
    if path is None:
        return None
    try:
        key = (name, path.stat().st_mtime_ns, str(settings.MEDIA_ROOT), settings.MEDIA_URL)
    except OSError:
        return None
    made = _KNOWN.get(key)
    if made is None:
        made = _renditions(name, path)
        if made is not None:
            if len(_KNOWN) >= _KNOWN_LIMIT:
                _KNOWN.clear()
            _KNOWN[key] = made
    return made


def _renditions(name: str, path: Path) -> RenditionSet | None:
    folder = _folder(name, path)
    stem = re.sub(r"[^\w-]+", "-", Path(name).stem)[:60] or "anh"
    manifest = Path(settings.MEDIA_ROOT) / folder / "sizes.txt"
    if not manifest.is_file():
        try:
            _generate(path, Path(settings.MEDIA_ROOT) / folder, stem, manifest)
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            return None
    sizes = [tuple(int(n) for n in line.split("x")) for line in manifest.read_text().split()]
    made = {
        ext: [Rendition(f"{settings.MEDIA_URL}{folder}/{stem}-{w}.{ext}", w, h, ext) for w, h in sizes]
        for ext in FORMATS
    }
    return RenditionSet(webp=made["webp"], jpeg=made["jpg"])


def _generate(path: Path, folder: Path, stem: str, manifest: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as original:
        picture = ImageOps.exif_transpose(original)
        if picture.mode in ("RGBA", "LA", "P"):
            picture = picture.convert("RGBA")
            background = Image.new("RGB", picture.size, "white")
            background.paste(picture, mask=picture.getchannel("A"))
            picture = background
        else:
            picture = picture.convert("RGB")
        sizes = []
        for width in target_widths(picture.width):
            height = max(1, round(picture.height * width / picture.width))
            resized = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
            for ext, (fmt, options) in FORMATS.items():
                _atomic_save(resized, folder / f"{stem}-{width}.{ext}", fmt, options)
            sizes.append(f"{width}x{height}")
    _atomic_write(manifest, "\n".join(sizes))


def _atomic_save(picture: Image.Image, target: Path, fmt: str, options: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        picture.save(handle, fmt, **options)
    os.replace(tmp, target)


def _atomic_write(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, target)


def _srcset(items: list[Rendition]) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in items)


def picture_html(
    name: str, *, alt: str, sizes: str, lazy: bool = True, css_class: str = "", max_width: int = 960
) -> SafeString:
    """<picture> for a stored picture, or "" when it cannot be rendered."""
    made = renditions(name)
    if made is None:
        return mark_safe("")
    fallback = made.fallback(max_width)
    extra = {"class": css_class} if css_class else {}
    if lazy:
        extra["loading"] = "lazy"
    attrs = format_html_join("", ' {}="{}"', extra.items())
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async"{}></picture>',
        _srcset(made.webp),
        sizes,
        fallback.url,
        _srcset(made.jpeg),
        sizes,
        fallback.width,
        fallback.height,
        alt,
        attrs,
    )


def responsive_body(body: str) -> SafeString:
    """The article body with each uploaded <img> replaced by a responsive, lazily loaded <picture>, and no
    caption left without its picture."""

    def replace(match: re.Match) -> str:
        attrs = {m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "") for m in _ATTR_RE.finditer(match[0])}
        src = attrs.get("src", "")
        if figures.is_placeholder(src):
            return ""  # a picture still missing (its figure is left out before, see below)
        if not src.startswith(settings.MEDIA_URL):
            return match[0]
        picture = picture_html(unquote(src[len(settings.MEDIA_URL) :]), alt=attrs.get("alt", ""), sizes=BODY_SIZES)
        return str(picture) or match[0]

    return mark_safe(_IMG_RE.sub(replace, figures.without_missing_pictures(body)))
