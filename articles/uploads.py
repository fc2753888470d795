"""Checks for uploaded pictures (cover pictures and pictures in the article body).

A picture must be a real JPEG, PNG, WebP or GIF that Pillow can decode, at most 20 MB and 40 megapixels.
Decompression bombs, SVG and files that only pretend to be pictures are refused with a Vietnamese message.
GPS positions in the EXIF data are removed, so a photo does not reveal where it was taken.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}

NOT_A_PICTURE = "Tệp “{name}” không phải là ảnh JPEG, PNG, WebP hoặc GIF hợp lệ."
SVG_REFUSED = "Không nhận ảnh SVG (có thể chứa mã độc); hãy dùng ảnh JPEG, PNG, WebP hoặc GIF."
TOO_LARGE = "Ảnh “{name}” nặng {size:.1f} MB, vượt quá giới hạn 20 MB."
TOO_MANY_PIXELS = "Ảnh “{name}” có kích thước {width}×{height} điểm ảnh, vượt quá giới hạn 40 megapixel."
BOMB = "Ảnh “{name}” bị từ chối vì giải nén ra quá lớn (nghi là “bom giải nén”)."
WRONG_FORMAT = "Định dạng {format} không được nhận; hãy dùng ảnh JPEG, PNG, WebP hoặc GIF."


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<?xml") or text.startswith(b"<svg") or b"<svg" in text[:1024]


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def inspect_picture(data: bytes, name: str) -> Image.Image:
    """The decoded picture, or a ValidationError saying in Vietnamese why it is refused."""
    if len(data) > MAX_BYTES:
        raise ValidationError(TOO_LARGE.format(name=name, size=len(data) / 1024 / 1024), code="too_large")
    if _looks_like_svg(data[:2048]):
        raise ValidationError(SVG_REFUSED, code="svg")
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat the warning as a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as header:
                picture_format = header.format
                width, height = header.size
            if picture_format not in ALLOWED_FORMATS:
                raise ValidationError(WRONG_FORMAT.format(format=picture_format), code="format")
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    TOO_MANY_PIXELS.format(name=name, width=width, height=height), code="too_many_pixels"
                )
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            picture = Image.open(io.BytesIO(data))
            picture.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(BOMB.format(name=name), code="bomb") from error
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(NOT_A_PICTURE.format(name=name), code="not_a_picture") from error
    return picture


def _without_gps(picture: Image.Image, data: bytes) -> bytes:
    exif = picture.getexif()
    if ExifTags.IFD.GPSInfo not in exif:
        return data
    del exif[ExifTags.IFD.GPSInfo]
    options: dict = {"exif": exif.tobytes()}
    if picture.format == "JPEG":
        options["quality"] = "keep"
    elif picture.format == "WEBP":
        options["lossless"] = bool(picture.info.get("lossless"))
        options["quality"] = 95
    out = io.BytesIO()
    picture.save(out, picture.format, **options)
    return out.getvalue()


def clean_picture(file) -> SimpleUploadedFile:
    """The upload checked and with its GPS data removed, as a new in-memory file with the same name."""
    name = getattr(file, "name", "") or "anh"
    data = _read_all(file)
    picture = inspect_picture(data, name)
    picture_format = picture.format
    cleaned = _without_gps(picture, data)
    picture.close()
    return SimpleUploadedFile(name, cleaned, content_type=ALLOWED_FORMATS[picture_format])


def validate_picture(file) -> None:
    """Model-field validator: the checks of `clean_picture` without rewriting the file."""
    if getattr(file, "_committed", True) and not hasattr(file, "content_type"):
        return  # an already stored picture, checked when it was uploaded
    inspect_picture(_read_all(file), getattr(file, "name", "") or "anh").close()
