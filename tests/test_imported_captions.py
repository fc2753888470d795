"""Imported captions without their picture open in CKEditor: a placeholder picture the editor replaces later."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from articles.legacy.models import LegacyImport
from articles.newsroom.figures import MISSING_PICTURE_SRC, with_placeholder_pictures
from articles.newsroom.models import Article
from tests.factories import make_article
from tests.legacy_helpers import Run, default_agency, legacy_text, write_legacy

pytestmark = pytest.mark.django_db

BROKEN = '<p>Đoạn một.</p><figure class="image-captioned"><figcaption>Ảnh: hội nghị</figcaption></figure>'
FIGURE_RE = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.S)


def every_figure_holds_a_picture(body: str) -> bool:
    """What CKEditor's image2 needs to open a captioned figure (the crash: a figure with no <img>)."""
    figures = FIGURE_RE.findall(body)
    return bool(figures) and all("<img " in inside for inside in figures)


def test_the_import_writes_each_caption_with_a_placeholder_picture(tmp_path):
    default_agency()
    write_legacy(tmp_path, "p1", legacy_text("Bài có ảnh", body=["Đoạn một.", "bai co anh\nẢnh: hội nghị"]))
    assert Run(tmp_path).status == 0
    body = Article.objects.get(legacy_id="p1").body
    assert every_figure_holds_a_picture(body)
    assert f'src="{MISSING_PICTURE_SRC}"' in body and "<figcaption>Ảnh: hội nghị</figcaption>" in body


def test_any_save_gives_a_caption_without_picture_its_placeholder():
    article = make_article("Bài dán tay", body=BROKEN)
    assert every_figure_holds_a_picture(article.body)
    # A figure that already has its picture is left alone, and so is a placeholder already there.
    assert with_placeholder_pictures(article.body) == article.body
    real = '<figure class="image-captioned"><img src="/media/a.jpg" alt="a"><figcaption>x</figcaption></figure>'
    assert with_placeholder_pictures(real) == real


def test_readers_see_neither_the_placeholder_nor_its_orphan_caption(client):
    """Issue 16: a caption whose picture never arrived is not shown alone; the admin lists the article."""
    article = make_article("Bài có ảnh thiếu", body=BROKEN)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Ảnh: hội nghị" not in html
    assert MISSING_PICTURE_SRC not in html
    assert list(Article.objects.missing_pictures()) == [article]


def test_the_editor_replacing_the_placeholder_keeps_the_caption(client):
    article = make_article("Bài được bổ sung ảnh", body=BROKEN)
    article.body = article.body.replace(MISSING_PICTURE_SRC, "/media/uploads/anh-that.jpg").replace(
        'alt=""', 'alt="Toàn cảnh hội nghị"'
    )
    article.save()
    assert '<img src="/media/uploads/anh-that.jpg" alt="Toàn cảnh hội nghị"><figcaption>Ảnh: hội nghị' in article.body


def test_the_data_migration_fixes_stored_rows_and_keeps_the_import_record_in_step(tmp_path):
    default_agency()
    write_legacy(tmp_path / "v1", "m1", legacy_text("Bài cũ", body=["Đoạn.", "bai cu\nChú thích cũ"]))
    Run(tmp_path / "v1")
    article = Article.objects.get(legacy_id="m1")
    old_body = article.body.replace(f'<img src="{MISSING_PICTURE_SRC}" alt="">', "")
    # The rows as the old import left them (written without save(), as the import did).
    Article.objects.filter(pk=article.pk).update(body=old_body)
    record = LegacyImport.objects.get(article=article)
    from articles.legacy.importing import written_fingerprint

    article.refresh_from_db()
    LegacyImport.objects.filter(pk=record.pk).update(written_fingerprint=written_fingerprint(article))

    migration = importlib.import_module("articles.legacy.migrations.0002_captions_with_placeholder_pictures")
    migration.add_placeholders(apps, SimpleNamespace(connection=connection))  # it only reads the alias

    article.refresh_from_db()
    assert every_figure_holds_a_picture(article.body)
    # The import still knows the text as its own: a changed export updates the article instead of a conflict.
    write_legacy(tmp_path / "v2", "m1", legacy_text("Bài cũ", body=["Đoạn đã sửa.", "bai cu\nChú thích cũ"]))
    assert "Bài cập nhật: 1" in Run(tmp_path / "v2").out


def test_a_picture_without_an_address_is_never_saved():
    article = make_article("Bài dán ảnh", body='<p>Chữ</p><p><img alt="x"><img src="data:image/png;base64,AA"></p>')
    assert "<img" not in article.body and "Chữ" in article.body
