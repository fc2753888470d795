"""`manage.py reencode_pictures`: pictures stored before the one upload rule, put through it (issue 13)."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import ExifTags, Image

from articles.newsroom import stored_pictures
from articles.newsroom.models import Article, MediaRedirect, Official
from articles.public import renditions
from tests import hostile_files
from tests.factories import make_agency, make_article, make_official, picture_file

pytestmark = pytest.mark.django_db

POLYGLOT = "uploads/lan/2024/05/01/polyglot.html"
POLYGLOT_THUMBNAIL = "uploads/lan/2024/05/01/polyglot_thumb.html"
COVER = "covers/2024/05/bia.jpg"
PORTRAIT = "officials/chan-dung.jpg"  # a PNG under a JPEG name
NOTE = "uploads/lan/2024/05/01/ghi-chu.txt"


def put_media(name: str, data: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def turned_jpeg_with_gps() -> bytes:
    """40×30 pixels taken with the camera turned (orientation 6: shown 30×40), with a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def old_media():
    """A media folder as the site left it before issue 13, and the rows naming its files."""
    put_media(POLYGLOT, hostile_files.jpeg_that_is_html())
    put_media(POLYGLOT_THUMBNAIL, hostile_files.jpeg_that_is_html())  # CKEditor's thumbnail kept the comment
    put_media(COVER, turned_jpeg_with_gps())
    put_media(PORTRAIT, picture_file(fmt="PNG").read())
    put_media(NOTE, b"<html><script>alert(1)</script></html>")
    agency = make_agency()
    body_article = make_article(
        "Bài có ảnh trong thân bài",
        agency=agency,
        body=f'<figure class="image-captioned"><img src="/media/{POLYGLOT}" alt="Hội nghị">'
        "<figcaption>Hội nghị</figcaption></figure><p>Nội dung.</p>",
    )
    cover_article = make_article("Bài có ảnh đại diện", agency=agency, cover=COVER, cover_alt="Ảnh bìa")
    official = make_official("Nguyễn Văn Ảnh", portrait=PORTRAIT)
    clean = stored_pictures.store_picture(upload=picture_file("sach.png"), folder="uploads/lan/2024/05/02")
    return {"body_article": body_article, "cover_article": cover_article, "official": official, "clean": clean}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("reencode_pictures", *args, stdout=out)
    return out.getvalue()


def media_snapshot() -> dict[str, tuple[bytes, int]]:
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and "renditions" not in path.parts
    }


def test_old_pictures_are_cleaned_renamed_where_needed_and_keep_working(client, old_media):
    cover_renditions_before = renditions.renditions(COVER).largest.url

    report = run()

    body_article = Article.objects.get(pk=old_media["body_article"].pk)
    new_name = re.search(r'src="/media/(uploads/lan/2024/05/01/[0-9a-f]{32}\.jpg)"', body_article.body)[1]
    new_path = Path(settings.MEDIA_ROOT) / new_name
    # The polyglot: a clean JPEG under a new name, referenced by the body; the old address redirects.
    assert POLYGLOT not in body_article.body
    assert not (Path(settings.MEDIA_ROOT) / POLYGLOT).exists()
    assert b"<script" not in new_path.read_bytes() and Image.open(new_path).format == "JPEG"
    old_address = client.get(f"/media/{POLYGLOT}")
    assert old_address.status_code == 301 and old_address["Location"] == f"/media/{new_name}"
    assert client.get(old_address["Location"])["Content-Type"] == "image/jpeg"
    assert MediaRedirect.objects.get(old_name=POLYGLOT).new_name == new_name
    # Its CKEditor thumbnail is made again from the clean picture, under the new name.
    assert not (Path(settings.MEDIA_ROOT) / POLYGLOT_THUMBNAIL).exists()
    assert b"<script" not in (new_path.parent / new_path.name.replace(".jpg", "_thumb.jpg")).read_bytes()
    # The cover: same name, no GPS, turned upright; its renditions are made again.
    cover_article = Article.objects.get(pk=old_media["cover_article"].pk)
    assert cover_article.cover.name == COVER
    with Image.open(cover_article.cover.path) as cover:
        assert dict(cover.getexif()) == {} and cover.size == (30, 40)
    assert (cover_article.cover_width, cover_article.cover_height) == (30, 40)
    assert renditions.renditions(COVER).largest.url != cover_renditions_before
    # The portrait: a PNG, so now named .png.
    portrait = Official.objects.get(pk=old_media["official"].pk).portrait.name
    assert re.fullmatch(r"officials/[0-9a-f]{32}\.png", portrait)
    assert client.get(f"/media/{PORTRAIT}")["Location"] == f"/media/{portrait}"
    # Not a picture: left alone and reported.
    assert (Path(settings.MEDIA_ROOT) / NOTE).exists()

    assert f"{POLYGLOT} → {new_name} (cập nhật bài viết mã {body_article.pk})" in report
    assert f"{PORTRAIT} → {portrait} (cập nhật cán bộ mã {old_media['official'].pk})" in report
    assert "Đã đổi tên 2 tệp có đuôi không đúng định dạng thật" in report
    assert f"Đã làm sạch tại chỗ, giữ nguyên tên, 1 ảnh:\n  {COVER}\n" in report
    assert "Để nguyên 1 tệp không phải ảnh hợp lệ" in report and f"  {NOTE}: Tệp “ghi-chu.txt” không phải" in report
    assert "Ảnh đã sạch từ trước: 1." in report  # the picture uploaded under the new rule


def test_a_second_run_changes_nothing(old_media):
    run()
    before = media_snapshot()
    bodies = list(Article.objects.order_by("pk").values_list("body", "cover"))

    report = run()

    assert media_snapshot() == before
    assert list(Article.objects.order_by("pk").values_list("body", "cover")) == bodies
    assert "Không có ảnh nào cần thay đổi." in report and "Ảnh đã sạch từ trước: 4." in report
    assert "Để nguyên 1 tệp không phải ảnh hợp lệ" in report


def test_a_dry_run_reports_and_changes_nothing(old_media):
    before = media_snapshot()

    report = run("--dry-run")

    assert media_snapshot() == before
    assert Article.objects.get(pk=old_media["body_article"].pk).body == old_media["body_article"].body
    assert not MediaRedirect.objects.exists()
    assert report.startswith("Chạy thử (--dry-run): chưa thay đổi tệp hay dữ liệu nào.")
    assert "Sẽ đổi tên 2 tệp" in report and f"  {POLYGLOT} → uploads/lan/2024/05/01/" in report
    assert f"Sẽ làm sạch tại chỗ, giữ nguyên tên, 1 ảnh:\n  {COVER}\n" in report


def test_a_cover_named_nowhere_on_disk_is_reported_missing(old_media):
    # (Its size given, so that making it does not open the file.)
    make_article("Bài mất ảnh", cover="covers/2020/01/mat.jpg", cover_alt="Ảnh", cover_width=4, cover_height=3)
    assert "Không tìm thấy 1 tệp mà bài viết hoặc cán bộ trỏ tới:\n  covers/2020/01/mat.jpg" in run()
