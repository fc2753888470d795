"""A programme's page: its founding document, targets with the latest reported value and a progress bar (no
JavaScript, with text), reports over time and press releases newest first; editors see which programmes lack the last
period's report; existing programmes get their founding document without loss."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.documents import selectors, services
from articles.documents.models import Document, ProgrammeTarget, ProgressReport
from articles.newsroom.models import Programme
from tests.factories import (
    make_agency,
    make_article,
    make_document,
    make_editor,
    make_programme,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_06():
    party = make_agency("Thành ủy Hà Nội")
    programme = make_programme(
        "06-CTr/TU", title="Phát triển đô thị", issuing_agency=party, start_year=2021, end_year=2025
    )
    founding = make_document(
        "06-CTr/TU",
        agency=party,
        programme=programme,
        issued_on=datetime.date(2021, 3, 17),
        summary="Chương trình phát triển đô thị",
    )
    roads = ProgrammeTarget.objects.create(
        programme=programme,
        name="Đường mới",
        unit="km",
        target_value=Decimal("200"),
        deadline=datetime.date(2025, 12, 31),
    )
    schools = ProgrammeTarget.objects.create(
        programme=programme,
        name="Trường đạt chuẩn",
        unit="trường",
        target_value=Decimal("40"),
        deadline=datetime.date(2025, 12, 31),
        order=1,
    )
    first = services.record_progress_report(
        programme=programme,
        year=2023,
        period="year",
        text="Năm 2023 làm được 50 km.",
        document=make_document("10/BC-TU", agency=party, issued_on=datetime.date(2024, 1, 10)),
        values={roads: "50", schools: "10"},
    )
    second = services.record_progress_report(
        programme=programme,
        year=2024,
        period="h1",
        text="Sáu tháng đầu năm 2024 làm được 90 km.",
        document=make_document("20/BC-TU", agency=party, issued_on=datetime.date(2024, 7, 5)),
        values={roads: "90,5"},
    )
    draft_report = services.record_progress_report(
        programme=programme,
        year=2024,
        period="year",
        text="Bản nháp chưa đăng.",
        document=make_document(
            "30/BC-TU", agency=party, issued_on=datetime.date(2025, 1, 5), status=Document.Status.DRAFT
        ),
        values={roads: "150"},
    )
    return {
        "programme": programme,
        "founding": founding,
        "roads": roads,
        "schools": schools,
        "first": first,
        "second": second,
        "draft_report": draft_report,
    }


def test_the_programme_page_shows_founding_document_targets_progress_and_reports(client, programme_06):
    old = make_article(
        "Bài cũ về chương trình",
        programmes=[programme_06["programme"]],
        published_at=datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC),
    )
    new = make_article("Bài mới về chương trình", programmes=[programme_06["programme"]])
    response = client.get(programme_06["programme"].get_absolute_url())
    page = response.content.decode()
    assert programme_06["founding"].get_absolute_url() in page
    # Latest public value: 90,5 of 200 km (the draft year report's 150 is not public yet); 10 of 40 schools.
    assert (
        "90,5 <span>km</span>" in page
        and '<progress id="target-' in page
        and 'value="45"' in page
        and "Đạt 45% mục tiêu" in page
    )
    assert "10 <span>trường</span>" in page and "Đạt 25% mục tiêu" in page
    assert "<script" not in page.split("<main", 1)[1]
    reports = page.split('id="reports-heading"', 1)[1]
    assert reports.index("Cả năm 2023") < reports.index("6 tháng đầu năm 2024")
    assert "Bản nháp chưa đăng" not in page
    assert page.index(new.title) < page.index(old.title)


def test_a_programme_without_public_founding_document_says_so(client):
    programme = make_programme("09-CTr/TU")
    make_document("09-CTr/TU", programme=programme, status=Document.Status.DRAFT)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "chưa được đăng trên danh mục văn bản" in page


def test_programmes_lacking_the_last_periods_report_are_listed_for_editors(client, programme_06):
    lacking = make_programme("03-CTr/TU", title="Chưa báo cáo", start_year=2021)
    finished = make_programme("01-CTr/TU", title="Đã kết thúc", start_year=2016, end_year=2020)
    # On 1 March 2025 the last period is the year 2024: programme 06 has a (draft) report for it.
    missing = set(selectors.programmes_without_report(datetime.date(2025, 3, 1)))
    assert lacking in missing and programme_06["programme"] not in missing and finished not in missing
    # On 15 August 2025 it is the first half of 2025, which nobody reported.
    assert programme_06["programme"] in set(selectors.programmes_without_report(datetime.date(2025, 8, 15)))
    editor = make_editor("bientap", roles=("writer",), agencies=(make_agency(),))
    client.force_login(editor)
    page = client.get("/quan-tri/documents/programmereporting/?bao_cao_ky_gan_nhat=thieu").content.decode()
    assert "chưa có báo cáo kỳ này" in page and "03-CTr/TU" in page


def test_publishing_a_programme_document_founds_its_programme_page():
    agency = make_agency()
    writer = make_editor("viet", roles=("writer",), agencies=(agency,))
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    document = make_document("11-CTr/TU", agency=agency, status=Document.Status.DRAFT, summary="Chương trình mới")
    services.attach_file(document=document, upload=SimpleUploadedFile("ctr.pdf", pdf_bytes()))
    services.submit(document=document, by=writer)
    assert not Programme.objects.filter(code="11-CTr/TU").exists()  # a draft founds nothing public
    services.approve(document=document, by=approver)
    programme = Programme.objects.get(code="11-CTr/TU")
    assert programme.founding_document == document and programme.title == "Chương trình mới"


def test_existing_programmes_get_a_draft_founding_document_without_loss():
    migration = importlib.import_module("articles.documents.migrations.0002_types_fields_groups_programmes")
    party = make_agency("Thành ủy Hà Nội")
    programme = make_programme(
        "06-CTr/TU", title="Phát triển đô thị", issuing_agency=party, start_year=2021, summary="Tóm tắt."
    )
    slug, code = programme.slug, programme.code
    migration.found_programmes(apps, None)
    document = Document.objects.get(programme=programme)
    assert (document.number, document.summary, document.description, document.agency, document.year) == (
        "06-CTr/TU",
        "Phát triển đô thị",
        "Tóm tắt.",
        party,
        2021,
    )
    assert document.status == Document.Status.DRAFT and document.number_key == "6:ctr:tu"
    programme.refresh_from_db()
    assert (programme.slug, programme.code) == (slug, code)  # the programme's address is unchanged
    migration.found_programmes(apps, None)  # running again founds nothing twice
    assert Document.objects.filter(programme=programme).count() == 1


def test_progress_report_for_a_period_twice_is_refused(programme_06):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đã có báo cáo 6 tháng đầu năm 2024"):
        services.record_progress_report(
            programme=programme_06["programme"],
            year=2024,
            period="h1",
            text="x",
            document=programme_06["second"].document,
            values={},
        )
    assert ProgressReport.objects.count() == 3
