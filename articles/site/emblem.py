"""The portal's emblem: an SVG or a PNG, checked before it is stored.

A PNG goes through the one upload rule (articles/newsroom/uploads.py: decoded and re-encoded). An SVG is a
document that can carry scripts, so it is parsed without entities or external references (defusedxml) and
written anew from an allow-list of drawing elements and attributes; a file with scripts, event handlers,
embedded HTML or links to other documents is refused with a Vietnamese message. Either way the stored file
gets a name the server chose.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.newsroom.uploads import clean_picture

MAX_SVG_BYTES = 1024 * 1024
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

NOT_AN_EMBLEM = "Biểu trưng phải là tệp SVG hoặc PNG."
SVG_TOO_LARGE = "Tệp SVG lớn hơn 1 MB; hãy tối ưu tệp (ví dụ bằng SVGO) rồi tải lên lại."
SVG_UNREADABLE = "Không đọc được tệp SVG (tệp hỏng hoặc không phải SVG)."
SVG_ACTIVE = "Tệp SVG chứa {what}, có thể chạy mã độc trên trang; hãy xuất lại biểu trưng chỉ gồm hình vẽ."

ELEMENTS = frozenset({
    "svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "defs", "linearGradient",
    "radialGradient", "stop", "title", "desc", "use", "clipPath", "mask", "symbol", "text", "tspan", "pattern",
})  # fmt: skip
# Elements whose presence means the file does more than draw: refused rather than silently dropped.
ACTIVE_ELEMENTS = frozenset({
    "script", "foreignObject", "iframe", "embed", "object", "audio", "video", "animate", "set", "handler",
})  # fmt: skip
ATTRIBUTES = frozenset({
    "id", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "clip-rule", "clip-path", "clipPathUnits",
    "mask", "maskUnits", "maskContentUnits", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "preserveAspectRatio",
    "version", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
    "letter-spacing", "patternUnits", "patternContentUnits", "patternTransform", "display", "visibility", "color",
    "style", "href",
})  # fmt: skip
_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)")


class CleanEmblem(SimpleUploadedFile):
    """A checked emblem under a server-chosen name, with its size in pixels (an SVG: its viewBox)."""

    def __init__(self, *, name: str, content: bytes, content_type: str, width: int, height: int) -> None:
        super().__init__(name, content, content_type=content_type)
        self.width, self.height = width, height


def clean_emblem(upload) -> CleanEmblem:
    """The upload as a file to store, or a ValidationError in Vietnamese."""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if b"<svg" in head or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        return _clean_svg(upload.read(MAX_SVG_BYTES + 1))
    picture = clean_picture(upload)
    if picture.picture_format != "PNG":
        raise ValidationError(NOT_AN_EMBLEM, code="not_an_emblem")
    content = picture.read()
    with Image.open(io.BytesIO(content)) as decoded:
        width, height = decoded.size
    return CleanEmblem(
        name=picture.name or f"{uuid.uuid4().hex}.png",
        content=content,
        content_type="image/png",
        width=width,
        height=height,
    )


def _local(tag: str) -> tuple[str, str]:
    namespace, _, name = tag.rpartition("}")
    return namespace.lstrip("{"), name


def _refuse(what: str) -> ValidationError:
    return ValidationError(SVG_ACTIVE.format(what=what), code="svg_active")


def _safe_reference(value: str) -> bool:
    return value.strip().startswith("#")


def _clean_style(value: str) -> str:
    """Keep the declarations of drawing properties whose values refer to nothing outside the file."""
    kept = []
    for declaration in value.split(";"):
        prop, _, val = declaration.partition(":")
        prop, val = prop.strip().lower(), val.strip()
        if prop not in ATTRIBUTES or "\\" in val or "@" in val or "expression" in val.lower():
            continue
        if any(not _safe_reference(url) for url in _URL.findall(val)):
            raise _refuse("liên kết tới tài nguyên bên ngoài")
        kept.append(f"{prop}:{val}")
    return ";".join(kept)


def _copy(source: ET.Element) -> ET.Element | None:
    namespace, name = _local(source.tag)
    if name in ACTIVE_ELEMENTS:
        raise _refuse(f"thẻ <{name}>")
    if namespace != SVG_NS or name not in ELEMENTS:
        return None  # editors' metadata (Inkscape, Illustrator) and anything else that does not draw
    element = ET.Element(f"{{{SVG_NS}}}{name}")
    for key, value in source.attrib.items():
        attr_ns, attr = _local(key)
        if attr.lower().startswith("on"):
            raise _refuse(f"thuộc tính sự kiện “{attr}”")
        if attr_ns not in ("", XLINK_NS) or attr not in ATTRIBUTES or (attr_ns == XLINK_NS and attr != "href"):
            continue
        if attr == "href":
            if not _safe_reference(value):
                raise _refuse("liên kết tới tài nguyên bên ngoài")
            element.set(f"{{{XLINK_NS}}}href" if attr_ns else "href", value)
            continue
        if attr == "style":
            value = _clean_style(value)
        elif any(not _safe_reference(url) for url in _URL.findall(value)):
            raise _refuse("liên kết tới tài nguyên bên ngoài")
        element.set(attr, value)
    element.text = source.text if name in ("title", "desc", "text", "tspan", "style") else None
    for child in source:
        copied = _copy(child)
        if copied is not None:
            copied.tail = child.tail if name in ("text", "tspan") else None
            element.append(copied)
    return element


def _size(root: ET.Element) -> tuple[int, int]:
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return max(1, round(float(box[2]))), max(1, round(float(box[3])))
        except ValueError:
            pass
    width, height = (_NUMBER.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return max(1, round(float(width[1]))), max(1, round(float(height[1])))
    return 100, 100


def _clean_svg(data: bytes) -> CleanEmblem:
    if len(data) > MAX_SVG_BYTES:
        raise ValidationError(SVG_TOO_LARGE, code="svg_too_large")
    try:
        source = fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise ValidationError(SVG_UNREADABLE, code="svg_unreadable") from error
    if _local(source.tag) != (SVG_NS, "svg"):
        raise ValidationError(SVG_UNREADABLE, code="svg_unreadable")
    root = _copy(source)
    assert root is not None
    width, height = _size(root)
    if not root.get("viewBox"):
        root.set("viewBox", f"0 0 {width} {height}")
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    content = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    name = f"{uuid.uuid4().hex}.svg"
    return CleanEmblem(name=name, content=content, content_type="image/svg+xml", width=width, height=height)
