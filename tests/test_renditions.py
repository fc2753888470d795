"""Responsive renditions of cover and body pictures, and alt text required for covers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from articles.public import renditions
from tests.factories import make_article, make_staff, picture_file

pytestmark = pytest.mark.django_db


def files_of(made: renditions.RenditionSet) -> list[Path]:
    return [Path(settings.MEDIA_ROOT) / r.url.removeprefix(settings.MEDIA_URL) for r in made.webp + made.jpeg]


def test_cover_renditions_exist_in_every_width_as_webp_and_jpeg():
    article = make_article(cover=picture_file("toan-canh.png", size=(1600, 1000)), cover_alt="Toàn cảnh")
    made = renditions.renditions(article.cover.name)
    assert [r.width for r in made.webp] == [320, 640, 960, 1280]
    assert [r.width for r in made.jpeg] == [320, 640, 960, 1280]
    for rendition in made.webp + made.jpeg:
        path = Path(settings.MEDIA_ROOT) / rendition.url.removeprefix(settings.MEDIA_URL)
        with Image.open(path) as picture:
            assert picture.format == {"webp": "WEBP", "jpg": "JPEG"}[rendition.ext]
            assert picture.size == (rendition.width, rendition.height)
            assert picture.size == (rendition.width, round(1000 * rendition.width / 1600))
    assert all(str(path).startswith(str(Path(settings.MEDIA_ROOT) / "renditions")) for path in files_of(made))


def test_small_pictures_are_not_enlarged():
    article = make_article(cover=picture_file(size=(500, 300)), cover_alt="Ảnh nhỏ")
    made = renditions.renditions(article.cover.name)
    assert [r.width for r in made.jpeg] == [320, 500]


def test_renditions_are_generated_once_and_remade_when_the_picture_changes():
    article = make_article(cover=picture_file(size=(800, 600)), cover_alt="Ảnh")
    first = renditions.renditions(article.cover.name)
    stamps = [path.stat().st_mtime_ns for path in files_of(first)]
    again = renditions.renditions(article.cover.name)
    assert again == first
    assert [path.stat().st_mtime_ns for path in files_of(again)] == stamps
    source = Path(article.cover.path)
    Image.new("RGB", (700, 700), "red").save(source, "PNG")
    changed = renditions.renditions(article.cover.name)
    assert changed.jpeg[-1].url != first.jpeg[-1].url
    assert changed.jpeg[-1].height == 700


def test_missing_or_broken_pictures_give_no_rendition():
    assert renditions.renditions("covers/khong-co.jpg") is None
    assert renditions.renditions("../../etc/passwd") is None
    broken = Path(settings.MEDIA_ROOT) / "uploads" / "hong.jpg"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"not a picture")
    assert renditions.renditions("uploads/hong.jpg") is None


def test_article_page_serves_cover_as_picture_with_srcset_sizes_and_dimensions(client):
    article = make_article(cover=picture_file(size=(1600, 1000)), cover_alt="Quang cảnh hội nghị")
    html = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S)[0]
    assert re.search(r'<source type="image/webp" srcset="[^"]*-320\.webp 320w, [^"]*-1280\.webp 1280w"', picture)
    assert 'sizes="(min-width: 58rem) 56rem, 100vw"' in picture
    assert re.search(r'<img src="[^"]*-960\.jpg" srcset="[^"]*-320\.jpg 320w,', picture)
    assert 'width="960" height="600" alt="Quang cảnh hội nghị"' in picture
    assert 'loading="lazy"' not in picture  # the cover is above the fold


def test_body_pictures_become_lazy_responsive_pictures(client):
    upload = Path(settings.MEDIA_ROOT) / "uploads" / "2018" / "hoi-nghi.png"
    upload.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 800), "green").save(upload, "PNG")
    article = make_article(
        body='<figure class="image-captioned"><img src="/media/uploads/2018/hoi-nghi.png" alt="Hội nghị">'
        '<figcaption>Chú thích</figcaption></figure><p><img src="https://example.org/ngoai.jpg" alt="Ngoài"></p>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/renditions/' in html
    assert re.search(r'width="960" height="640" alt="Hội nghị" decoding="async" loading="lazy"></picture>', html)
    assert '<img src="https://example.org/ngoai.jpg" alt="Ngoài">' in html  # other hosts' pictures stay as they are


def test_list_cards_lazy_load_covers_below_the_fold(client):
    for _ in range(4):
        make_article(cover=picture_file(size=(800, 500)), cover_alt="Ảnh bài")
    html = client.get(reverse("public:latest")).content.decode()
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 4
    assert ['loading="lazy"' in img for img in images] == [False, False, True, True]


def test_cover_without_alt_text_is_refused_with_a_vietnamese_message():
    article = make_article()
    article.cover = picture_file()
    article.cover_alt = "   "
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Hãy nhập mô tả ảnh cho người khiếm thị cho ảnh đại diện" in str(error.value.message_dict["cover_alt"])


def test_admin_refuses_a_cover_without_alt_text(client):
    client.force_login(make_staff())
    article = make_article()
    response = client.post(
        f"/quan-tri/articles/article/{article.pk}/change/",
        {
            "title": article.title,
            "slug": article.slug,
            "lead": "",
            "body": "",
            "cover": picture_file(),
            "cover_alt": "",
            "cover_caption": "",
            "status": "published",
            "published_at_0": "18/06/2018",
            "published_at_1": "19:52",
            "agency": article.agency.pk,
            "source": "",
        },
    )
    assert response.status_code == 200
    assert "Hãy nhập mô tả ảnh cho người khiếm thị cho ảnh đại diện" in response.content.decode()
