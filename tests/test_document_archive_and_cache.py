"""The backup archive carries the register (restored as it was), and the page cache goes stale when readers can see a
change to it, not for drafts."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.documents import services
from articles.documents.models import (
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentMention,
    DocumentRelation,
    NumberSuggestion,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
)
from articles.documents.validity import RelationKind
from articles.pagecache import store
from tests.factories import make_agency, make_article, make_document, make_editor, make_programme, pdf_bytes
from tests.test_export import empty_the_database

pytestmark = pytest.mark.django_db


def register_with_everything():
    party = make_agency("Thành ủy Hà Nội")
    programme = make_programme("06-CTr/TU", issuing_agency=party, start_year=2021)
    founding = make_document("06-CTr/TU", agency=party, programme=programme, issued_on=datetime.date(2021, 3, 17))
    plan = make_document("56/KH-UBND", agency=make_agency("UBND Thành phố"), issued_on=datetime.date(2021, 5, 1))
    plan.joint_agencies.add(party)
    services.relate(source=plan, target=founding, kind=RelationKind.IMPLEMENTS, note="Mục II")
    services.attach_file(document=founding, upload=SimpleUploadedFile("ctr.pdf", pdf_bytes()))
    target = ProgrammeTarget.objects.create(
        programme=programme, name="Đường mới", unit="km", target_value=200, deadline=datetime.date(2025, 12, 31)
    )
    services.record_progress_report(
        programme=programme,
        year=2024,
        period="h1",
        text="Đạt 90,5 km.",
        document=make_document("20/BC-TU", agency=party),
        values={target: "90,5"},
    )
    make_article("Bài", body="<p>Chương trình 06-CTr/TU và Thông báo 9/TB-UBND.</p>", programmes=[programme])


def empty_everything() -> None:
    ReportedValue.objects.all().delete()
    ProgressReport.objects.all().delete()
    ProgrammeTarget.objects.all().delete()
    DocumentMention.objects.all().delete()
    NumberSuggestion.objects.all().delete()
    DocumentRelation.objects.all().delete()
    DocumentFile.objects.all().delete()
    DocumentEvent.objects.all().delete()
    Document.objects.all().delete()
    empty_the_database()


def test_export_restore_export_gives_the_same_file_with_the_register(tmp_path):
    register_with_everything()
    archive = tmp_path / "luu-tru.jsonl"
    call_command("export_articles", output=str(archive), stderr=io.StringIO())
    first = archive.read_bytes()
    assert b'"type": "reported_value"' in first and b'"type": "document_mention"' in first

    empty_everything()
    call_command("restore_articles", str(archive), stdout=io.StringIO())
    assert Document.objects.get(number="06-CTr/TU").programme.code == "06-CTr/TU"
    assert ReportedValue.objects.get().value == __import__("decimal").Decimal("90.5")
    assert list(NumberSuggestion.objects.values_list("number", flat=True)) == ["9/TB-UBND"]

    again = tmp_path / "lan-hai.jsonl"
    call_command("export_articles", output=str(again), stderr=io.StringIO())
    assert again.read_bytes() == first


def test_publishing_a_document_makes_pages_stale_but_a_draft_does_not(client):
    agency = make_agency()
    writer = make_editor("viet", roles=("writer",), agencies=(agency,))
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    make_document("1/QĐ-UBND", agency=agency)
    client.get(reverse("documents:list"))
    generation = cache.get(store.GENERATION_KEY)
    draft = make_document("2/QĐ-UBND", agency=agency, status=Document.Status.DRAFT, summary="Dự thảo mới")
    services.attach_file(document=draft, upload=SimpleUploadedFile("qd.pdf", pdf_bytes()))
    services.submit(document=draft, by=writer)
    assert cache.get(store.GENERATION_KEY) == generation
    services.approve(document=draft, by=approver)
    assert cache.get(store.GENERATION_KEY) != generation
    assert "Dự thảo mới" in client.get(reverse("documents:list")).content.decode()
