"""One rule for every uploaded picture: CKEditor (dialog, paste and drop), covers, portraits, and any later
upload path (call `clean_picture`, or `articles.newsroom.stored_pictures.store_picture`).

A picture must be a real JPEG, PNG, WebP or GIF that Pillow can decode, at most 20 MB and 40 megapixels (an
animation: 40 megapixels over all its frames). Decompression bombs, SVG and files that only pretend to be
pictures are refused with a Vietnamese message.

An accepted picture is re-encoded, never stored as sent: a new file in the same format holds only its pixels
(turned upright by its orientation tag), its frames with their durations and loop count, and its colour
profile. Nothing else of the upload survives: no EXIF, XMP or GPS position, no comment, no bytes another
reader could take for a page or a script (a JPEG that is also an HTML page, a GIF that is also JavaScript).
Its name is chosen by the server (random, with the extension of the real format); the name the uploader gave
is kept only as a label.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import uuid
import warnings

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageOps, ImageSequence, JpegImagePlugin, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
# What media are served as, by the stored file's extension (articles/media_views.py, docs/deploy.md).
PICTURE_CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
SERVER_CHOSEN_NAME = re.compile(r"[0-9a-f]{32}\.(?:jpg|png|webp|gif)")

NOT_A_PICTURE = "Tệp “{name}” không phải là ảnh JPEG, PNG, WebP hoặc GIF hợp lệ."
SVG_REFUSED = "Không nhận ảnh SVG (có thể chứa mã độc); hãy dùng ảnh JPEG, PNG, WebP hoặc GIF."
TOO_LARGE = "Ảnh “{name}” nặng {size:.1f} MB, vượt quá giới hạn 20 MB."
TOO_MANY_PIXELS = "Ảnh “{name}” có kích thước {width}×{height} điểm ảnh, vượt quá giới hạn 40 megapixel."
TOO_MANY_FRAMES = (
    "Ảnh động “{name}” có {frames} khung hình {width}×{height} điểm ảnh, tổng cộng vượt quá giới hạn 40 megapixel; "
    "hãy giảm số khung hình hoặc kích thước ảnh."
)
BOMB = "Ảnh “{name}” bị từ chối vì giải nén ra quá lớn (nghi là “bom giải nén”)."
WRONG_FORMAT = "Định dạng {format} không được nhận; hãy dùng ảnh JPEG, PNG, WebP hoặc GIF."

# Quality of a re-encoded WebP, and of a JPEG whose quantization tables cannot be reused.
LOSSY_QUALITY = 90

DECODING_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


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
                frames = getattr(header, "n_frames", 1)
            if picture_format not in ALLOWED_FORMATS:
                raise ValidationError(WRONG_FORMAT.format(format=picture_format), code="format")
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    TOO_MANY_PIXELS.format(name=name, width=width, height=height), code="too_many_pixels"
                )
            # Every frame is decoded at once when re-encoding: keep an animation within a still's memory.
            if width * height * frames > MAX_PIXELS:
                raise ValidationError(
                    TOO_MANY_FRAMES.format(name=name, frames=frames, width=width, height=height),
                    code="too_many_frames",
                )
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            picture = Image.open(io.BytesIO(data))
            picture.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(BOMB.format(name=name), code="bomb") from error
        except ValidationError:
            raise
        except DECODING_ERRORS as error:
            raise ValidationError(NOT_A_PICTURE.format(name=name), code="not_a_picture") from error
    return picture


def _colour_profile(picture: Image.Image) -> bytes | None:
    """The picture's ICC profile, if littlecms can read it as one (anything else is dropped)."""
    profile = picture.info.get("icc_profile")
    if not profile:
        return None
    try:
        ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except (OSError, ImageCms.PyCMSError):
        return None
    return profile


def _pixels_only(image: Image.Image, *, keep: tuple[str, ...] = ()) -> Image.Image:
    """A copy of `image` carrying nothing but its pixels (and palette), plus the `keep` entries of its info."""
    bare = image.copy()
    bare.info = {key: image.info[key] for key in keep if key in image.info}
    return bare


def _still_options(picture: Image.Image) -> dict:
    if picture.format == "JPEG":
        sampling = JpegImagePlugin.get_sampling(picture)
        quantization = getattr(picture, "quantization", None)
        if quantization:
            # The original's quantization tables: about its quality, without a second round of loss on top.
            options: dict = {"qtables": quantization}
        else:
            options = {"quality": LOSSY_QUALITY}
        if sampling != -1:
            options["subsampling"] = sampling
        return {**options, "optimize": True}
    if picture.format == "WEBP":
        return {"quality": LOSSY_QUALITY, "method": 4}
    return {}


def reencode(picture: Image.Image) -> bytes:
    """A new file in the picture's own format holding only its upright pixels, frames and colour profile."""
    picture_format = picture.format
    options: dict = {}
    if profile := _colour_profile(picture):
        options["icc_profile"] = profile
    out = io.BytesIO()
    if getattr(picture, "n_frames", 1) > 1:
        loop = picture.info.get("loop")
        frames, durations = [], []
        for frame in ImageSequence.Iterator(picture):
            frame.load()  # a WebP frame's duration is known once it is loaded
            durations.append(int(frame.info.get("duration") or 0))
            frames.append(_pixels_only(ImageOps.exif_transpose(frame).convert("RGBA")))
        options.update(save_all=True, append_images=frames[1:], duration=durations)
        if loop is not None:
            options["loop"] = loop
        if picture_format == "GIF":
            # Whole frames, each replacing the last: Pillow stores only what changed between them.
            options["disposal"] = 2
        elif picture_format == "WEBP":
            options.update(quality=LOSSY_QUALITY, method=4)
        frames[0].save(out, picture_format, **options)
    else:
        upright = _pixels_only(ImageOps.exif_transpose(picture), keep=("transparency",))
        upright.save(out, picture_format, **options, **_still_options(picture))
    return out.getvalue()


def server_chosen_name(picture_format: str) -> str:
    """A random file name with the extension of `picture_format`."""
    return f"{uuid.uuid4().hex}{EXTENSIONS[picture_format]}"


class CleanPicture(SimpleUploadedFile):
    """A re-encoded picture under a server-chosen name; `label` is the name its uploader gave the file."""

    def __init__(self, *, content: bytes, picture_format: str, label: str) -> None:
        super().__init__(server_chosen_name(picture_format), content, content_type=ALLOWED_FORMATS[picture_format])
        self.picture_format = picture_format
        self.label = label[:255]
        self.sha256 = hashlib.sha256(content).hexdigest()


def clean_picture(file) -> CleanPicture:
    """The upload checked and re-encoded, as a new in-memory file under a server-chosen name.

    Raises ValidationError with a Vietnamese message when the file is refused.
    """
    label = posixpath.basename(getattr(file, "name", "") or "") or "anh"
    data = _read_all(file)
    picture = inspect_picture(data, label)
    try:
        with picture:
            content = reencode(picture)
            picture_format = picture.format or ""  # inspect_picture refused anything but ALLOWED_FORMATS
    except Image.DecompressionBombError as error:
        raise ValidationError(BOMB.format(name=label), code="bomb") from error
    except DECODING_ERRORS as error:
        # A later frame, or the data after the first one, was broken.
        raise ValidationError(NOT_A_PICTURE.format(name=label), code="not_a_picture") from error
    return CleanPicture(content=content, picture_format=picture_format, label=label)


def validate_picture(file) -> None:
    """Model-field validator: the checks of `clean_picture` without rewriting the file."""
    if getattr(file, "_committed", True) and not hasattr(file, "content_type"):
        return  # an already stored picture, checked when it was uploaded
    inspect_picture(_read_all(file), getattr(file, "name", "") or "anh").close()


def is_server_chosen_name(name: str) -> bool:
    return SERVER_CHOSEN_NAME.fullmatch(posixpath.basename(name)) is not None


def ckeditor_file_name(filename: str, request=None) -> str:
    """CKEDITOR_FILENAME_GENERATOR: ckeditor_uploader may only store a name `clean_picture` chose.

    Our upload view hands it a CleanPicture; any other path into ckeditor_uploader's storing (its own views,
    a future one) fails here instead of storing a file under the name and extension its uploader gave.
    """
    if not is_server_chosen_name(filename):
        raise SuspiciousFileOperation(f"Not a name the server chose for an upload: {filename!r}")
    return filename
