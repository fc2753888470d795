import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from articles.newsroom.models import Article
from articles.newsroom.uploads import clean_picture
from tests.factories import article_form_data, make_agency, make_article, make_editor, picture_file

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bytes(size, mode="1") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


HOSTILE = {
    "bomb": ("bom.png", lambda: png_bytes((20_000, 10_000)), "bom giải nén"),
    "too_many_pixels": ("lon.png", lambda: png_bytes((8_000, 6_000)), "40 megapixel"),
    "fake_jpg": ("anh.jpg", lambda: b"MZ\x90\x00 this is not a picture" * 20, "không phải là ảnh"),
    "html_as_png": ("anh.png", lambda: b"<html><script>alert(1)</script></html>", "không phải là ảnh"),
    "svg_with_script": ("logo.svg", lambda: SVG_WITH_SCRIPT, "SVG"),
    "svg_named_jpg": ("logo.jpg", lambda: SVG_WITH_SCRIPT, "SVG"),
    "oversize": ("to.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024 + 1), "20 MB"),
    "truncated_jpeg": ("cut.jpg", lambda: jpeg_with_gps()[:200], "không phải là ảnh"),
    "pdf": ("tai-lieu.jpg", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\n", "không phải là ảnh"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_is_refused_with_a_vietnamese_message(kind):
    name, make, message = HOSTILE[kind]
    with pytest.raises(ValidationError) as refused:
        clean_picture(SimpleUploadedFile(name, make()))
    assert message in " ".join(refused.value.messages)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_real_pictures_are_accepted(fmt):
    cleaned = clean_picture(picture_file(f"anh.{fmt.lower()}", fmt=fmt))
    assert Image.open(cleaned).format == fmt


def test_no_exif_is_kept_and_the_orientation_is_applied_to_the_pixels():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show the 40x30 pixels rotated, as 30x40
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG", exif=exif)
    cleaned = Image.open(clean_picture(SimpleUploadedFile("xoay.jpg", buffer.getvalue())))
    assert cleaned.size == (30, 40)
    assert dict(cleaned.getexif()) == {}


@pytest.mark.parametrize("kind", ["bomb", "fake_jpg", "svg_with_script", "oversize"])
def test_ckeditor_upload_refuses_hostile_files_in_a_form_ckeditor_shows(writer_client, settings, kind):
    name, make, message = HOSTILE[kind]
    upload = SimpleUploadedFile(name, make())
    response = writer_client.post(reverse("ckeditor_upload"), {"upload": upload})
    assert response.status_code == 200
    body = response.json()
    assert body["uploaded"] == 0 and message in body["error"]["message"]
    uploads = settings.MEDIA_ROOT / "uploads"
    assert not uploads.exists() or not any(path.is_file() for path in uploads.rglob("*"))


def test_ckeditor_dialog_upload_gets_the_error_through_its_callback(writer_client):
    response = writer_client.post(
        reverse("ckeditor_upload") + "?CKEditorFuncNum=7", {"upload": SimpleUploadedFile("a.svg", SVG_WITH_SCRIPT)}
    )
    html = response.content.decode()
    assert "CKEDITOR.tools.callFunction(7, '', '" in html
    assert "Không nhận ảnh SVG" in html


def test_ckeditor_upload_strips_gps(writer_client, settings):
    response = writer_client.post(reverse("ckeditor_upload"), {"upload": SimpleUploadedFile("a.jpg", jpeg_with_gps())})
    assert response.json()["uploaded"] == "1"
    stored = [path for path in (settings.MEDIA_ROOT / "uploads").rglob("*.jpg") if "thumb" not in path.name]
    assert stored and all(ExifTags.IFD.GPSInfo not in Image.open(path).getexif() for path in stored)


def test_ckeditor_upload_needs_an_agency(client, settings):
    client.force_login(make_editor("khongcoquan", roles=("writer",)))
    response = client.post(reverse("ckeditor_upload"), {"upload": picture_file()})
    assert response.status_code == 403 and "thuộc ít nhất một cơ quan" in response.json()["error"]["message"]
    assert not (settings.MEDIA_ROOT / "uploads").exists()


@pytest.mark.parametrize("kind", ["bomb", "fake_jpg", "svg_with_script", "oversize"])
def test_cover_upload_refuses_hostile_files_and_keeps_the_article(writer_client, kind):
    name, make, message = HOSTILE[kind]
    article = make_article("Bài có ảnh", agency=writer_client.agency, status=Article.Status.DRAFT)
    response = writer_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, title="Đổi tên", cover=SimpleUploadedFile(name, make())),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Bài có ảnh" and not article.cover


def test_cover_upload_strips_gps(writer_client):
    article = make_article("Bài có ảnh", agency=writer_client.agency, status=Article.Status.DRAFT)
    response = writer_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, cover=SimpleUploadedFile("bia.jpg", jpeg_with_gps())),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.cover_width, article.cover_height) == (40, 30)
    assert ExifTags.IFD.GPSInfo not in Image.open(article.cover.path).getexif()


def test_picture_browser_shows_only_the_editors_own_uploads(client, settings):
    agency = make_agency()
    first = make_editor("lan", roles=("writer",), agencies=(agency,))
    second = make_editor("minh", roles=("writer",), agencies=(agency,))
    client.force_login(first)
    stored_url = client.post(reverse("ckeditor_upload"), {"upload": picture_file("cua-lan.png")}).json()["url"]
    assert "/uploads/lan/" in stored_url
    assert "cua-lan" in client.get(reverse("ckeditor_browse")).content.decode()
    client.force_login(second)
    assert "cua-lan" not in client.get(reverse("ckeditor_browse")).content.decode()
