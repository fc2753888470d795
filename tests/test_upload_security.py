"""Uploads as an attacker would send them (issue 13)."""

import io
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlencode

import pytest
from ckeditor_uploader.views import ImageUploadView
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageSequence

from articles.newsroom import stored_pictures
from articles.newsroom.models import Article, MediaRedirect, StoredPicture
from articles.newsroom.uploads import EXTENSIONS
from tests import hostile_files
from tests.factories import article_form_data, make_article, make_editor, make_official, picture_file
from tests.test_production import PRODUCTION, run_python

pytestmark = pytest.mark.django_db


# --- CKEditor's answer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "func_num",
    ["1);alert(document.domain)//", "</script><script>alert(1)</script>", "abc", "-1", "1.5", "", "١", "1" * 11],
)
def test_a_ckeditor_func_num_that_is_not_a_number_is_refused_and_not_echoed(writer_client, settings, func_num):
    response = writer_client.post(
        reverse("ckeditor_upload") + "?" + urlencode({"CKEditorFuncNum": func_num}), {"upload": picture_file()}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "CKEditorFuncNum phải là một số" in body
    assert "<script" not in body and "alert" not in body and (not func_num or func_num not in body)
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_a_file_name_in_a_refusal_stays_inside_the_scripts_string(writer_client):
    hostile_name = "<img src=x onerror=alert(1)>'.png"  # Django keeps no "/" in an upload's name
    response = writer_client.post(
        reverse("ckeditor_upload") + "?CKEditorFuncNum=3",
        {"upload": SimpleUploadedFile(hostile_name, b"not a picture at all")},
    )
    html = response.content.decode()
    assert html.count("<") == 2 and "<img" not in html
    assert "\\u003Cimg src\\u003Dx onerror\\u003Dalert(1)\\u003E\\u0027.png" in html
    assert "không phải là ảnh" in html


# --- Hostile files through every upload path ---------------------------------------------------------------

UPLOAD_PATHS = ["ckeditor_dialog", "ckeditor_drop", "cover", "portrait"]

# name sent, bytes, real format of the bytes, what must not survive in the stored file
ACCEPTED = {
    "jpeg_html_as_html": ("polyglot.html", hostile_files.jpeg_that_is_html, "JPEG", [b"<html", b"<script", b"alert("]),
    "jpeg_html_as_svg": ("polyglot.svg", hostile_files.jpeg_that_is_html, "JPEG", [b"<html", b"<script", b"alert("]),
    "jpeg_html_as_php": ("polyglot.php", hostile_files.jpeg_that_is_html, "JPEG", [b"<html", b"<script", b"alert("]),
    "gif_javascript": ("gifjs.gif", hostile_files.gif_that_is_javascript, "GIF", [b"alert(", b"*/="]),
    "xmp_gps": ("vitri-xmp.jpg", hostile_files.jpeg_with_xmp_gps, "JPEG", [b"GPS", b"xmpmeta", b"ns.adobe.com"]),
    "exif_gps": ("vitri-exif.jpg", hostile_files.jpeg_with_exif_gps, "JPEG", [b"GPS", b"Exif", b"Canon"]),
}
REFUSED = {
    "bomb_400_megapixels": ("bom.png", lambda: hostile_files.png_declaring(20_000, 20_000), "bom giải nén"),
    "svg": ("logo.svg", lambda: hostile_files.SVG_WITH_SCRIPT, "Không nhận ảnh SVG"),
    "html_named_jpg": ("trang.jpg", lambda: hostile_files.HTML_PAGE, "không phải là ảnh JPEG, PNG, WebP hoặc GIF"),
}
METADATA_KEYS = {"exif", "xmp", "comment", "photoshop", "extension"}


@dataclass
class Outcome:
    stored_name: str | None  # storage name of the picture as stored, None when refused
    message: str  # what the editor was told


def _unescape_js(text: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})", lambda match: chr(int(match[1], 16)), text)


def _stored_name_of(url: str) -> str:
    assert url.startswith(settings.MEDIA_URL), url
    return unquote(url.removeprefix(settings.MEDIA_URL))


def upload_through(path: str, client, name: str, data: bytes) -> Outcome:
    upload = SimpleUploadedFile(name, data)
    if path == "ckeditor_dialog":
        html = client.post(reverse("ckeditor_upload") + "?CKEditorFuncNum=4", {"upload": upload}).content.decode()
        call = re.fullmatch(
            r"<script>window\.parent\.CKEDITOR\.tools\.callFunction\(4, '(.*)', '(.*)'\);</script>", html
        )
        assert call, html
        url, message = _unescape_js(call[1]), _unescape_js(call[2])
        return Outcome(_stored_name_of(url) if url else None, message)
    if path == "ckeditor_drop":
        answer = client.post(reverse("ckeditor_upload"), {"upload": upload}).json()
        if answer["uploaded"] == "1":
            assert answer["fileName"] == posixpath.basename(_stored_name_of(answer["url"]))
            return Outcome(_stored_name_of(answer["url"]), "")
        return Outcome(None, answer["error"]["message"])
    if path == "cover":
        article = make_article("Bài có ảnh", agency=client.agency, status=Article.Status.DRAFT)
        response = client.post(
            reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, cover=upload)
        )
        article.refresh_from_db()
        return Outcome(article.cover.name or None, response.content.decode())
    if path == "portrait":
        official = make_official("Nguyễn Văn Chân Dung")
        response = client.post(
            reverse("admin:articles_official_change", args=[official.pk]),
            {
                "full_name": official.full_name,
                "slug": official.slug,
                "portrait": upload,
                "portrait_alt": "Ảnh chân dung",  # a portrait needs its alt text (issue 17)
                "biography": "",
                "appointments-TOTAL_FORMS": "0",
                "appointments-INITIAL_FORMS": "0",
                "appointments-MIN_NUM_FORMS": "0",
                "appointments-MAX_NUM_FORMS": "1000",
            },
        )
        official.refresh_from_db()
        return Outcome(official.portrait.name or None, response.content.decode())
    raise AssertionError(path)


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.parametrize("path", UPLOAD_PATHS)
@pytest.mark.parametrize("kind", ACCEPTED)
def test_a_hostile_picture_is_stored_re_encoded_under_a_server_chosen_name(writer_client, path, kind):
    sent_name, make, real_format, payloads = ACCEPTED[kind]
    outcome = upload_through(path, writer_client, sent_name, make())

    assert outcome.stored_name, outcome.message
    stored_file = posixpath.basename(outcome.stored_name)
    assert re.fullmatch(r"[0-9a-f]{32}" + re.escape(EXTENSIONS[real_format]), stored_file)
    # Nothing of the uploader's name reaches the disk, and no file keeps a payload (thumbnails included).
    stem = posixpath.splitext(sent_name)[0]
    for stored in media_files():
        assert stem not in stored.name and stored.suffix in set(EXTENSIONS.values()), stored
        assert not any(payload in stored.read_bytes() for payload in payloads), stored
    stored = Path(settings.MEDIA_ROOT) / outcome.stored_name
    with Image.open(stored) as picture:
        picture.load()
        assert picture.format == real_format
        assert METADATA_KEYS.isdisjoint(picture.info)
        assert dict(picture.getexif()) == {}
    assert StoredPicture.objects.get(name=outcome.stored_name).label == sent_name


@pytest.mark.parametrize("path", UPLOAD_PATHS)
@pytest.mark.parametrize("kind", REFUSED)
def test_a_hostile_file_is_refused_with_a_vietnamese_message_and_not_stored(writer_client, path, kind):
    sent_name, make, message = REFUSED[kind]
    outcome = upload_through(path, writer_client, sent_name, make())
    assert outcome.stored_name is None
    assert message in outcome.message
    assert media_files() == []


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
@pytest.mark.parametrize("path", ["ckeditor_drop", "cover"])
def test_an_animation_keeps_its_frames_durations_and_loop(writer_client, path, fmt):
    sent = hostile_files.animated(fmt, loop=3)
    outcome = upload_through(path, writer_client, f"dong.{fmt.lower()}", sent)
    assert outcome.stored_name and outcome.stored_name.endswith(EXTENSIONS[fmt])

    def frames(data: bytes) -> tuple[list[bytes], list[int], int]:
        with Image.open(io.BytesIO(data)) as picture:
            pixels, durations = [], []
            for frame in ImageSequence.Iterator(picture):
                frame.load()
                durations.append(frame.info.get("duration"))
                pixels.append(frame.convert("RGBA").tobytes())
            return pixels, durations, picture.info.get("loop")

    stored = (Path(settings.MEDIA_ROOT) / outcome.stored_name).read_bytes()
    sent_pixels, sent_durations, sent_loop = frames(sent)
    stored_pixels, stored_durations, stored_loop = frames(stored)
    assert len(stored_pixels) == 3 and stored_durations == sent_durations == [100, 250, 400]
    assert stored_loop == sent_loop == 3
    if fmt == "GIF":  # lossless: the very same frames
        assert stored_pixels == sent_pixels
    assert b"<b>x</b>" not in stored


def test_ckeditor_uploader_cannot_store_a_name_the_server_did_not_choose(writer_client, rf, settings):
    """Any path into ckeditor_uploader's storing other than ours (its own view here) is refused."""
    request = rf.post(
        "/ckeditor/upload/", {"upload": SimpleUploadedFile("polyglot.html", hostile_files.jpeg_that_is_html())}
    )
    request.user = make_editor("khach", roles=("writer",))
    with pytest.raises(SuspiciousFileOperation):
        ImageUploadView.as_view()(request)
    assert media_files() == []


def test_the_picture_browser_shows_the_uploaders_name_as_a_label(writer_client):
    stored = upload_through("ckeditor_drop", writer_client, "hoi-nghi.png", picture_file().read()).stored_name
    html = writer_client.get(reverse("ckeditor_browse")).content.decode()
    assert "hoi-nghi.png" in html and posixpath.basename(stored) in html


# --- Serving media -------------------------------------------------------------------------------------------


def put_media(name: str, data: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_picture_is_served_inline_with_the_type_of_its_extension(client):
    put_media("covers/2024/05/bia.jpg", hostile_files.jpeg_with_exif_gps())
    response = client.get("/media/covers/2024/05/bia.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="bia.jpg"'
    assert b"".join(response.streaming_content) == hostile_files.jpeg_with_exif_gps()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("uploads/lan/polyglot.html", hostile_files.jpeg_that_is_html()),
        ("uploads/lan/trang.htm", hostile_files.HTML_PAGE),
        ("uploads/lan/logo.svg", hostile_files.SVG_WITH_SCRIPT),
        ("uploads/lan/ma.php", b"<?php echo 1; ?>"),
        ("renditions/abc/sizes.txt", b"640x480"),
    ],
)
def test_anything_but_a_picture_is_served_as_an_attachment_never_as_a_page(client, name, data):
    put_media(name, data)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_type_comes_from_the_stored_extension_not_from_the_bytes(client):
    put_media("uploads/lan/trang.png", hostile_files.HTML_PAGE)
    response = client.get("/media/uploads/lan/trang.png")
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"


def test_a_renamed_file_answers_its_old_address_with_a_permanent_redirect(client):
    put_media("uploads/lan/2024/05/01/0123456789abcdef0123456789abcdef.jpg", hostile_files.jpeg_with_exif_gps())
    MediaRedirect.objects.create(
        old_name="uploads/lan/2024/05/01/polyglot.html",
        new_name="uploads/lan/2024/05/01/0123456789abcdef0123456789abcdef.jpg",
    )
    response = client.get("/media/uploads/lan/2024/05/01/polyglot.html")
    assert response.status_code == 301
    assert response["Location"] == "/media/uploads/lan/2024/05/01/0123456789abcdef0123456789abcdef.jpg"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", ["/media/uploads/khong-co.jpg", "/media/../cms/settings.py", "/media/uploads/"])
def test_missing_or_outside_media_is_not_found(client, path):
    put_media("uploads/lan/anh.jpg", hostile_files.jpeg_with_exif_gps())
    assert client.get(path).status_code == 404


def test_an_unchanged_picture_answers_not_modified(client):
    put_media("covers/anh.png", picture_file().read())
    last_modified = client.get("/media/covers/anh.png")["Last-Modified"]
    assert client.get("/media/covers/anh.png", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_with_a_media_host_media_are_served_only_there(client, settings):
    settings.MEDIA_URL = "https://media.toasoan.test/media/"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "media.toasoan.test"]
    put_media("covers/anh.png", picture_file().read())
    on_site = client.get("/media/covers/anh.png")
    assert on_site.status_code == 301 and on_site["Location"] == "https://media.toasoan.test/media/covers/anh.png"
    on_media_host = client.get("/media/covers/anh.png", HTTP_HOST="media.toasoan.test")
    assert on_media_host.status_code == 200 and on_media_host["Content-Type"] == "image/png"


MEDIA_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve
try:
    served = resolve("/media/covers/anh.png").url_name
except Resolver404:
    served = None
print(json.dumps({
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "hosts": settings.ALLOWED_HOSTS,
    "served_by": served,
    "url": default_storage.url("covers/anh.png"),
}))
"""


def media_settings(**env: str) -> dict:
    result = run_python(MEDIA_SETTINGS, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_media_host_is_allowed_in_the_policy_and_the_hosts():
    values = media_settings(MEDIA_URL="https://media.toasoan.test/media/")
    assert values["img_src"] == ["'self'", "data:", "https://media.toasoan.test"]
    assert values["hosts"] == ["toasoan.test", "media.toasoan.test"]
    assert values["served_by"] == "media"
    assert values["url"] == "https://media.toasoan.test/media/covers/anh.png"


def test_media_are_not_served_by_django_when_a_front_server_does_it():
    assert media_settings()["served_by"] == "media"
    assert media_settings(SERVE_MEDIA="0")["served_by"] is None


def test_a_media_url_without_its_final_slash_stops_start_up():
    result = run_python(MEDIA_SETTINGS, **PRODUCTION, MEDIA_URL="https://media.toasoan.test/media")
    assert result.returncode != 0
    assert "MEDIA_URL must be a path or an http(s) address ending with a slash" in result.stderr


def test_store_picture_is_the_same_rule_for_any_later_upload_path():
    """What a later upload path (documents' pictures) calls: checked, re-encoded, renamed, labelled."""
    uploader = make_editor("tai-lieu", roles=("writer",))
    name = stored_pictures.store_picture(
        upload=SimpleUploadedFile("polyglot.php", hostile_files.jpeg_that_is_html()),
        folder="documents/2024",
        uploaded_by=uploader,
    )
    assert re.fullmatch(r"documents/2024/[0-9a-f]{32}\.jpg", name)
    assert b"<script" not in (Path(settings.MEDIA_ROOT) / name).read_bytes()
    stored = StoredPicture.objects.get(name=name)
    assert (stored.label, stored.uploaded_by) == ("polyglot.php", uploader)
    with pytest.raises(ValidationError, match="SVG"):
        stored_pictures.store_picture(upload=SimpleUploadedFile("a.png", hostile_files.SVG_WITH_SCRIPT), folder="x")
