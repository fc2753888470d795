import datetime
import io
import json

import pytest
import reversion.models
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.backup.archive import NOT_ARCHIVED, archive_order, archived_fields, sections
from articles.legacy.models import LegacyImport
from articles.newsroom.models import (
    Agency,
    Appointment,
    Article,
    EditorMembership,
    Official,
    Programme,
    WorkflowEvent,
)
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_official,
    make_programme,
    make_staff,
    picture_file,
)

pytestmark = pytest.mark.django_db


def newsroom() -> dict:
    """A directory and articles using every kind of link the archive writes."""
    editor = make_staff("bientap", first_name="Lê", last_name="Thị Hoa")
    city = make_agency("Thành ủy Hà Nội", aliases="Thành ủy\nTU Hà Nội", kind=Agency.Kind.PARTY_COMMITTEE)
    old = make_agency("Sở Kế hoạch và Đầu tư", parent=city)
    new = make_agency("Sở Tài chính", parent=city, email="stc@hanoi.gov.vn")
    old.status, old.superseded_by, old.ended_on = Agency.Status.MERGED, new, datetime.date(2025, 3, 1)
    old.save()
    official = make_official("Nguyễn Văn Phong", biography="Sinh năm 1972.")
    make_appointment(official, title="Phó Bí thư Thường trực Thành ủy", agency=city, start=datetime.date(2020, 10, 1))
    make_appointment(
        official, title="Giám đốc Sở", agency=old, start=datetime.date(2015, 1, 1), end=datetime.date(2020, 9, 30)
    )
    programme = make_programme("06-CTr/TU", issuing_agency=city, start_year=2021, end_year=2025, summary="Đô thị.")
    first = make_article(
        "Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        agency=old,
        lead="Sáng 18/6, Thành ủy họp…",
        body='<p style="text-align:center">Nội dung <strong>đậm</strong> – “trích dẫn”.</p>',
        officials=[official],
        programmes=[programme],
        source="Báo Hà Nội mới",
        legacy_id="12345",
        cover=picture_file("anh-bia.png"),
        cover_alt="Quang cảnh hội nghị",
        cover_caption="Ảnh: Tư liệu",
        published_at=datetime.datetime(2018, 6, 18, 12, 52, 7, 123456, tzinfo=datetime.UTC),
        created_by=editor,
        updated_by=editor,
    )
    second = make_article("Bản nháp chưa đăng", agency=new, status=Article.Status.DRAFT, related=[first])
    first.related.set([second])
    first.mentioned_agencies.set([city, new])
    LegacyImport.objects.create(article=first, source_fingerprint="a" * 64, written_fingerprint="b" * 64)
    # A renamed article keeps its old address (a redirect).
    first.slug = "day-nhanh-giai-ngan"
    first.save()
    Article.objects.filter(pk=first.pk).update(related_titles=["Bài cũ liên quan – số 1"])
    # The workflow's fields: a withdrawn article, sent for review by the editor, several versions on.
    Article.objects.filter(pk=second.pk).update(
        status=Article.Status.WITHDRAWN,
        version=4,
        submitted_by=editor,
        submitted_at=timezone.now() - datetime.timedelta(days=2),
        withdrawn_reason="Sai số liệu, gỡ để sửa.",
        withdrawn_at=timezone.now() - datetime.timedelta(days=1),
    )
    EditorMembership.objects.create(user=editor, agency=new)
    Article.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(days=3000))
    return {"first": first, "second": second, "official": official}


def export_text() -> str:
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    return out.getvalue()


def empty_the_database() -> None:
    reversion.models.Revision.objects.all().delete()
    WorkflowEvent.objects.all().delete()
    Article.objects.all().delete()
    Programme.objects.all().delete()
    Appointment.objects.all().delete()
    Official.objects.all().delete()
    Agency.objects.update(parent=None, superseded_by=None)
    Agency.objects.all().delete()
    get_user_model().objects.all().delete()


def test_export_restore_export_gives_the_same_file(tmp_path):
    newsroom()
    archive = tmp_path / "luu-tru.jsonl"
    call_command("export_articles", output=str(archive), stderr=io.StringIO())
    first_bytes = archive.read_bytes()

    empty_the_database()
    assert not Article.objects.exists()
    call_command("restore_articles", str(archive), stdout=io.StringIO())

    again = tmp_path / "lan-hai.jsonl"
    call_command("export_articles", output=str(again), stderr=io.StringIO())
    assert again.read_bytes() == first_bytes


def test_restore_brings_back_links_dates_and_pictures(tmp_path):
    data = newsroom()
    original = Article.objects.get(pk=data["first"].pk)
    imported_at = original.legacy_import.imported_at
    archive = tmp_path / "luu-tru.jsonl"
    call_command("export_articles", output=str(archive), stderr=io.StringIO())
    empty_the_database()
    out = io.StringIO()
    call_command("restore_articles", str(archive), stdout=out)

    assert "2 bài viết" in out.getvalue()
    article = Article.objects.get(slug=original.slug)
    assert article.slug == "day-nhanh-giai-ngan"
    assert [old.slug for old in article.old_slugs.all()] == ["day-nhanh-tien-do-giai-ngan-von-dau-tu-cong"]
    # The search columns are rebuilt from the text.
    assert article.body_text == original.body_text and "Nội dung" in article.body_text
    assert article.search_folded == original.search_folded
    assert article.published_at == original.published_at
    assert article.created_at == original.created_at
    assert article.updated_at == original.updated_at
    assert article.cover.name == original.cover.name
    assert (article.cover_width, article.cover_height) == (64, 48)
    assert article.legacy_id == "12345"
    assert article.body == original.body
    assert article.agency.slug == "so-ke-hoach-va-dau-tu"
    assert article.agency.superseded_by.slug == "so-tai-chinh"
    assert article.agency.parent.slug == "thanh-uy-ha-noi"
    assert [o.full_name for o in article.officials.all()] == ["Nguyễn Văn Phong"]
    assert [p.code for p in article.programmes.all()] == ["06-CTr/TU"]
    assert [r.title for r in article.related.all()] == ["Bản nháp chưa đăng"]
    assert sorted(a.slug for a in article.mentioned_agencies.all()) == ["so-tai-chinh", "thanh-uy-ha-noi"]
    assert article.related_titles == ["Bài cũ liên quan – số 1"]
    assert article.legacy_import.written_fingerprint == "b" * 64
    assert article.legacy_import.imported_at == imported_at
    assert article.created_by.username == "bientap"
    assert not article.created_by.has_usable_password()
    withdrawn = Article.objects.get(title="Bản nháp chưa đăng")
    assert withdrawn.status == Article.Status.WITHDRAWN
    assert withdrawn.version == 4
    assert withdrawn.submitted_by.username == "bientap"
    assert withdrawn.withdrawn_reason == "Sai số liệu, gỡ để sửa."
    assert EditorMembership.objects.get().agency.slug == "so-tai-chinh"
    # History starts at the restore.
    assert reversion.models.Version.objects.get_for_object(article).get().revision.comment == (
        "Khôi phục từ tệp lưu trữ"
    )
    official = Official.objects.get(slug="nguyen-van-phong")
    assert official.title_on(datetime.date(2016, 1, 1)) == "Giám đốc Sở"
    assert Programme.objects.get(code="06-CTr/TU").issuing_agency.slug == "thanh-uy-ha-noi"


def test_export_is_readable_sorted_json_lines():
    newsroom()
    lines = export_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0] == {"type": "archive", "format": 1}
    order = [
        "user",
        "agency",
        "membership",
        "official",
        "appointment",
        "programme",
        "section",
        "article_type",
        "article",
        "old_slug",
        "legacy_import",
        *[section.type for section in sections() if section.model._meta.app_label == "documents"],
    ]
    types = [record["type"] for record in records[1:]]
    assert types == sorted(types, key=order.index)
    agency_slugs = [record["slug"] for record in records if record["type"] == "agency"]
    assert agency_slugs == sorted(agency_slugs)
    # Human-readable: Vietnamese as it is, not \\u escapes.
    assert any('"title": "Đẩy nhanh tiến độ giải ngân vốn đầu tư công"' in line for line in lines)
    assert not any("\\u" in line for line in lines)
    article = next(r for r in records if r.get("legacy_id") == "12345")
    assert article["published_at"] == "2018-06-18T12:52:07.123456+00:00"
    assert article["agency"] == "so-ke-hoach-va-dau-tu"
    assert article["officials"] == ["nguyen-van-phong"]
    assert article["programmes"] == ["06-CTr/TU"]
    assert article["related"] == ["ban-nhap-chua-dang"]
    assert "search_folded" not in article
    assert article["status"] == "published"
    assert article["cover"].startswith("covers/") and "anh-bia" in article["cover"]
    assert article["created_by"] == "bientap"


def test_export_sorts_by_bytes_whatever_the_database_collation():
    # Hyphens and case that a locale-aware collation (PostgreSQL en_US) would ignore or fold.
    for name in ("Ban B", "Bán A", "Banh", "Ban-Z", "Ba Đình"):
        make_agency(name)
    slugs = [json.loads(line)["slug"] for line in export_text().splitlines() if '"type": "agency"' in line]
    assert slugs == sorted(slugs)
    # The test databases may use a byte-order locale already; the query itself must ask for it.
    agencies = next(section for section in sections() if section.type == "agency")
    assert "COLLATE" in str(Agency.objects.order_by(*archive_order(agencies, "default")).query)


def test_export_writes_every_article_field():
    newsroom()
    article = next(json.loads(line) for line in export_text().splitlines() if '"legacy_id": "12345"' in line)
    derived = next(section for section in sections() if section.type == "article").exclude
    assert derived == {"body_text", "search_folded", "search_marked", "search_vector"}
    expected = {f.name for f in Article._meta.concrete_fields if not f.primary_key} - derived
    expected |= {f.name for f in Article._meta.many_to_many}
    assert set(article) - {"type"} == expected


def test_every_model_of_the_articles_app_is_archived_or_left_out_with_a_reason():
    from django.apps import apps

    archived = {section.model.__name__ for section in sections()}
    models = {model.__name__ for model in apps.get_app_config("articles").get_models()}
    assert models - archived - set(NOT_ARCHIVED) == set()


def test_every_relation_of_every_archived_model_is_accounted_for():
    for section in sections():
        archived_fields(section)  # raises on a link the archive would silently drop


def test_restore_refuses_a_database_with_content_and_changes_nothing(tmp_path):
    newsroom()
    archive = tmp_path / "luu-tru.jsonl"
    archive.write_text(export_text(), encoding="utf-8")
    before = Article.objects.count()
    with pytest.raises(CommandError, match="Cơ sở dữ liệu đã có dữ liệu"):
        call_command("restore_articles", str(archive))
    assert Article.objects.count() == before


def test_restore_of_a_broken_file_is_all_or_nothing(tmp_path):
    newsroom()
    lines = export_text().splitlines()
    empty_the_database()
    broken = tmp_path / "hong.jsonl"
    broken.write_text("\n".join([*lines[:-1], '{"type": "article", "slug": "x"']), "utf-8")
    with pytest.raises(CommandError, match=r"Dòng \d+: không đọc được JSON"):
        call_command("restore_articles", str(broken))
    assert not Agency.objects.exists()

    missing = tmp_path / "thieu.jsonl"
    missing.write_text("\n".join([lines[0], '{"type": "article", "slug": "x", "agency": "khong-co"}']), "utf-8")
    with pytest.raises(CommandError, match="không tìm thấy cơ quan “khong-co”"):
        call_command("restore_articles", str(missing))
    assert not Article.objects.exists()


def test_restore_names_a_missing_file():
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("restore_articles", "/khong/co/tep.jsonl")


def test_export_query_count_does_not_grow_with_the_articles():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    newsroom()
    with CaptureQueriesContext(connection) as few:
        export_text()
    agency = Agency.objects.first()
    for _ in range(10):
        make_article(agency=agency, officials=list(Official.objects.all()), programmes=list(Programme.objects.all()))
    with CaptureQueriesContext(connection) as many:
        export_text()
    assert len(many) == len(few)
