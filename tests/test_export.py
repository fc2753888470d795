import datetime
import importlib
import io
import json
import shutil

import pytest
import reversion.models
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.backup.archive import NOT_ARCHIVED, archive_order, archived_fields, sections
from articles.legacy.models import LegacyImport
from articles.newsroom import live_edits
from articles.newsroom.models import (
    Agency,
    Appointment,
    Article,
    ArticleType,
    EditorMembership,
    LiveEdit,
    Official,
    Programme,
    WorkflowEvent,
)
from articles.newsroom.models import Section as ArticleSection
from tests.factories import (
    make_agency,
    make_appointment,
    make_article,
    make_document,
    make_editor,
    make_english_version,
    make_official,
    make_programme,
    make_spokesperson,
    make_staff,
    pdf_bytes,
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
    """What a fresh database holds after `migrate`: no content, the seeded pages, site settings and menu."""
    from django.apps import apps

    from articles.documents.models import Document, DocumentEvent, DocumentFile, DocumentRelation
    from articles.pages.models import Page
    from articles.press.models import Spokesperson
    from articles.site.models import SiteSettings

    for model in (DocumentRelation, DocumentFile, DocumentEvent, Document, Spokesperson, Page, SiteSettings):
        model.objects.all().delete()
    importlib.import_module("articles.pages.migrations.0002_pages_and_grants").create_pages(apps, None)
    importlib.import_module("articles.site.migrations.0001_initial").first_record(apps, None)
    reversion.models.Revision.objects.all().delete()
    WorkflowEvent.objects.all().delete()
    Article.objects.all().delete()
    Programme.objects.all().delete()
    Appointment.objects.all().delete()
    Official.objects.all().delete()
    Agency.objects.update(parent=None, superseded_by=None)
    Agency.objects.all().delete()
    get_user_model().objects.all().delete()
    ArticleSection.objects.all().delete()
    seeded = importlib.import_module("articles.newsroom.migrations.0019_portal_sections_types_featuring").TYPE_SLUGS
    ArticleType.objects.exclude(slug__in=seeded).delete()


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
        "site_settings",
        "menu_item",
        "page",
        "english_version",
        "spokesperson",
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


def test_every_model_of_every_installed_app_is_archived_or_left_out_with_a_reason():
    from django.apps import apps

    archived = {section.model._meta.label for section in sections()}
    models = {model._meta.label for model in apps.get_models()}
    assert models - archived - set(NOT_ARCHIVED) == set()
    # The table names no model twice and none that is gone; every reason is one line.
    assert archived & set(NOT_ARCHIVED) == set()
    assert set(NOT_ARCHIVED) <= models
    assert all(reason.strip() and "\n" not in reason for reason in NOT_ARCHIVED.values())


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


# --- Round trips of what the other apps hold (archive, fresh database, restore) -------------------------------------


def round_trip(tmp_path, *, media: bool = False) -> list[dict]:
    """Exports with the commands, empties the database (and the media with `media`), restores; returns the records."""
    archive = tmp_path / "luu-tru.jsonl"
    files = ["--media", str(tmp_path / "tep")] if media else []
    call_command("export_articles", "--output", str(archive), *files, stderr=io.StringIO())
    empty_the_database()
    if media:
        shutil.rmtree(settings.MEDIA_ROOT)
    call_command("restore_articles", str(archive), *files, stdout=io.StringIO())
    return [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()]


def test_round_trip_keeps_spokespersons(tmp_path):
    from articles.press.models import Spokesperson

    agency = make_agency("Sở Thông tin và Truyền thông")
    speaker = make_official("Nguyễn Thị Lan")
    make_spokesperson(agency, speaker, phone="024 3825 3536", email="baochi@stttt.hanoi.gov.vn")
    make_spokesperson(
        agency,
        make_official("Lê Văn Nam"),
        role="information",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )

    round_trip(tmp_path)

    restored = {s.role: s for s in Spokesperson.objects.select_related("agency", "official")}
    assert restored["spokesperson"].official.full_name == "Nguyễn Thị Lan"
    assert restored["spokesperson"].agency.slug == agency.slug
    assert restored["spokesperson"].email == "baochi@stttt.hanoi.gov.vn"
    assert restored["spokesperson"].end_date is None
    assert restored["information"].official.full_name == "Lê Văn Nam"
    assert restored["information"].end_date == datetime.date(2023, 12, 31)


def test_round_trip_keeps_english_versions_with_their_workflow(tmp_path):
    from articles.english.models import EnglishVersion

    editor = make_staff("bientap")
    article = make_article("Hà Nội khai trương tuyến buýt điện", agency=make_agency("Sở Giao thông vận tải"))
    english = make_english_version(
        article, title="Hanoi opens an electric bus line", body="<p>The <strong>first</strong> line.</p>"
    )
    EnglishVersion.objects.filter(pk=english.pk).update(
        published_at=datetime.datetime(2025, 5, 1, 8, 0, tzinfo=datetime.UTC), version=3, created_by=editor
    )
    draft = make_english_version(make_article("Bài chưa dịch xong"), title="Unfinished", status=Article.Status.DRAFT)
    before = EnglishVersion.objects.get(pk=english.pk)

    round_trip(tmp_path)

    restored = EnglishVersion.objects.select_related("article", "created_by").get(slug=before.slug)
    assert restored.article.slug == article.slug
    assert (restored.title, restored.body, restored.lead) == (before.title, before.body, before.lead)
    assert restored.status == Article.Status.PUBLISHED
    assert restored.published_at == before.published_at
    assert restored.version == 3
    assert restored.created_by.username == "bientap"
    assert restored.updated_at == before.updated_at
    assert EnglishVersion.objects.get(slug=draft.slug).status == Article.Status.DRAFT
    assert EnglishVersion.objects.published().count() == 1


def test_round_trip_keeps_the_pages_editors_wrote(tmp_path):
    from articles.pages.models import Page

    Page.objects.filter(kind="contact").update(
        title="Liên hệ Ban biên tập",
        body="<p>Số 12 Lê Lai, Hoàn Kiếm.</p>",
        title_en="Contact the editors",
        slug_en="contact-the-editors",
        body_en="<p>12 Le Lai Street.</p>",
        status=Article.Status.PUBLISHED,
        version=5,
    )
    before = Page.objects.get(kind="contact")

    records = round_trip(tmp_path)

    assert sum(record["type"] == "page" for record in records) == Page.objects.count() == 5
    restored = Page.objects.get(kind="contact")
    assert restored.pk  # merged into the row the migration made, not a sixth page
    for name in ("title", "body", "title_en", "slug_en", "body_en", "status", "version", "updated_at", "slug"):
        assert getattr(restored, name) == getattr(before, name), name


def test_round_trip_keeps_the_site_settings_and_the_menu(tmp_path):
    from articles.site.models import MenuItem, SiteSettings

    news = ArticleSection.objects.create(name="Tin Thành phố", name_en="City news")
    SiteSettings.objects.filter(pk=1).update(
        name="Cổng thông tin điện tử Quận Ba Đình",
        name_en="Ba Dinh District Portal",
        licence_number="123/GP-TTĐT",
        licence_date=datetime.date(2024, 2, 1),
        responsible_person="Ông Nguyễn Văn A – Chánh Văn phòng",
    )
    MenuItem.objects.all().delete()
    MenuItem.objects.create(label="Tin Thành phố", section=news, order=1)
    MenuItem.objects.create(label="Văn bản", label_en="Documents", url="/van-ban/", order=2)

    round_trip(tmp_path)

    site = SiteSettings.objects.get()
    assert site.name == "Cổng thông tin điện tử Quận Ba Đình"
    assert site.name_en == "Ba Dinh District Portal"
    assert site.licence_number == "123/GP-TTĐT" and site.licence_date == datetime.date(2024, 2, 1)
    assert site.responsible_person == "Ông Nguyễn Văn A – Chánh Văn phòng"
    # The archived menu replaces the migration's default one.
    menu = list(MenuItem.objects.select_related("section").order_by("order"))
    assert [(item.label, item.section.slug if item.section else item.url) for item in menu] == [
        ("Tin Thành phố", news.slug),
        ("Văn bản", "/van-ban/"),
    ]
    assert menu[1].label_en == "Documents"


def test_round_trip_keeps_sections_article_types_and_featuring(tmp_path):
    news = ArticleSection.objects.create(name="Tin Thành phố", name_en="City news", on_home=True)
    culture = ArticleSection.objects.create(name="Văn hóa", order=3)
    notice = ArticleType.objects.create(name="Thông báo của Quận", name_en="District notice")
    until = timezone.now() + datetime.timedelta(days=2)
    article = make_article("Khai mạc lễ hội", article_type=notice, feature=Article.Feature.FEATURED)
    Article.objects.filter(pk=article.pk).update(feature_until=until, date_only=True)
    article.sections.set([news, culture])
    expected_until = Article.objects.get(pk=article.pk).feature_until

    round_trip(tmp_path)

    restored = Article.objects.get(slug=article.slug)
    assert restored.article_type.name == "Thông báo của Quận"
    assert restored.article_type.name_en == "District notice"
    assert sorted(s.slug for s in restored.sections.all()) == sorted([news.slug, culture.slug])
    assert ArticleSection.objects.get(slug=news.slug).on_home
    assert ArticleSection.objects.get(slug=culture.slug).order == 3
    assert restored.feature == Article.Feature.FEATURED
    assert restored.feature_until == expected_until
    assert restored.date_only
    assert list(Article.objects.featured_now()) == [restored]


def test_round_trip_keeps_an_edit_waiting_for_review_with_its_text_and_links(tmp_path):
    transport = make_agency("Sở Giao thông vận tải")
    building = make_agency("Sở Xây dựng")
    official = make_official("Trần Văn Bình")
    programme = make_programme("06-CTr/TU")
    article = make_article("Tuyến buýt số 1", agency=transport)
    writer = make_editor("phongvien", roles=("writer",), agencies=(transport, building))
    data = {
        **live_edits.data_of(article),
        "title": "Tuyến buýt điện số 1",
        "agency_id": building.pk,
        "officials": [official.pk],
        "programmes": [programme.pk],
        "mentioned_agencies": [transport.pk],
    }
    live_edits.propose(
        article=article, by=writer, data=data, kind=LiveEdit.Kind.CORRECTION, note="Sửa tên tuyến.", expected_version=1
    )

    records = round_trip(tmp_path)

    # The archive names the links by their natural keys, never by this database's ids.
    archived = next(record for record in records if record["type"] == "live_edit")["data"]
    assert archived["agency_id"] == "so-xay-dung"
    assert (archived["officials"], archived["programmes"]) == (["tran-van-binh"], ["06-CTr/TU"])
    assert archived["mentioned_agencies"] == ["so-giao-thong-van-tai"]
    edit = LiveEdit.objects.select_related("article", "proposed_by").get()
    assert edit.state == LiveEdit.State.PENDING and edit.kind == LiveEdit.Kind.CORRECTION
    assert edit.note == "Sửa tên tuyến." and edit.proposed_by.username == "phongvien"
    assert edit.data["title"] == "Tuyến buýt điện số 1"
    assert edit.data["agency_id"] == Agency.objects.get(slug="so-xay-dung").pk
    assert edit.data["officials"] == [Official.objects.get(slug="tran-van-binh").pk]
    assert edit.data["programmes"] == [Programme.objects.get(code="06-CTr/TU").pk]
    # And it can still be published after the restore.
    approver = make_editor(
        "pheduyet", roles=("approver",), agencies=tuple(Agency.objects.filter(slug__in=[transport.slug, building.slug]))
    )
    live_edits.publish(article=edit.article, by=approver)
    published = Article.objects.get(pk=edit.article.pk)
    assert published.title == "Tuyến buýt điện số 1"
    assert published.agency.slug == "so-xay-dung"
    assert [o.slug for o in published.officials.all()] == ["tran-van-binh"]


def test_every_link_of_an_edit_is_archived_by_its_natural_key():
    data_links = next(section for section in sections() if section.type == "live_edit").json_links["data"]
    assert set(data_links) == {"agency_id", *live_edits.LINKS}


def test_round_trip_with_media_brings_back_every_uploaded_file(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from articles.documents import services as documents
    from articles.documents.models import DocumentFile
    from articles.site.models import SiteSettings

    in_body = default_storage.save("uploads/2025/05/anh-trong-bai.png", picture_file("anh-trong-bai.png"))
    article = make_article(
        "Bài có ảnh",
        cover=picture_file("anh-bia.png"),
        cover_alt="Ảnh bìa",
        body=f'<p>Ảnh:</p><p><img src="{settings.MEDIA_URL}{in_body}" alt="Ảnh trong bài"></p>',
    )
    official = make_official("Phạm Thu Hà", portrait=picture_file("chan-dung.png"))
    document = make_document("06-CTr/TU", agency=article.agency)
    documents.attach_file(document=document, upload=SimpleUploadedFile("ctr.pdf", pdf_bytes()))
    emblem = default_storage.save("site/quoc-huy.png", ContentFile(picture_file("quoc-huy.png").read()))
    SiteSettings.objects.filter(pk=1).update(emblem=emblem)
    names = [
        Article.objects.get(pk=article.pk).cover.name,
        in_body,
        Official.objects.get(pk=official.pk).portrait.name,
        DocumentFile.objects.get().file.name,
        emblem,
    ]
    contents = {name: default_storage.open(name).read() for name in names}
    assert article.body.count(in_body) == 1  # the sanitiser kept the picture

    round_trip(tmp_path, media=True)

    assert Article.objects.get(slug=article.slug).cover.name == names[0]
    assert DocumentFile.objects.get().file.name == names[3]
    assert SiteSettings.objects.get().emblem.name == emblem
    for name, content in contents.items():
        assert default_storage.exists(name), name
        assert default_storage.open(name).read() == content, name


def test_export_with_media_names_the_files_it_could_not_find(tmp_path):
    from django.core.files.storage import default_storage

    article = make_article("Bài có ảnh", cover=picture_file("anh-bia.png"), cover_alt="Ảnh bìa")
    default_storage.delete(article.cover.name)
    err = io.StringIO()
    call_command("export_articles", "--output", str(tmp_path / "a.jsonl"), "--media", str(tmp_path / "tep"), stderr=err)
    assert "Không tìm thấy 1 tệp" in err.getvalue() and article.cover.name in err.getvalue()


def test_restore_with_media_refuses_a_stored_file_with_other_content(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    article = make_article("Bài có ảnh", cover=picture_file("anh-bia.png"), cover_alt="Ảnh bìa")
    archive, media = tmp_path / "a.jsonl", tmp_path / "tep"
    call_command("export_articles", "--output", str(archive), "--media", str(media), stderr=io.StringIO())
    empty_the_database()
    default_storage.delete(article.cover.name)
    default_storage.save(article.cover.name, ContentFile(b"another picture"))
    with pytest.raises(CommandError, match="đã có trong kho tệp với nội dung khác"):
        call_command("restore_articles", str(archive), "--media", str(media), stdout=io.StringIO())
    assert not Article.objects.exists()


def test_subscribers_and_their_consents_stay_out_of_the_content_archive():
    from articles.alerts.models import Consent, Subscriber, Subscription

    subscriber = Subscriber.objects.create(email="nguoidan@example.vn")
    Subscription.objects.create(subscriber=subscriber, kind="agency", topic_key="agency:1", agency=make_agency())
    Consent.objects.create(
        subscriber=subscriber,
        topic="Tin của Sở",
        frequency="immediate",
        wording="Tôi đồng ý nhận thư.",
        wording_version="1",
        requested_at=timezone.now(),
        requested_from="203.0.113.9",
    )
    text = export_text()
    assert "nguoidan@example.vn" not in text and "203.0.113.9" not in text
    for label in ("alerts.Subscriber", "alerts.Subscription", "alerts.Consent"):
        assert "personal data" in NOT_ARCHIVED[label]
