"""Bad input is refused with a clear Vietnamese message and leaves nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.documents import services
from articles.documents.models import (
    Document,
    DocumentFile,
    DocumentRelation,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
)
from articles.documents.validity import RelationKind
from tests import hostile_documents as hostile
from tests.factories import document_type, make_agency, make_document, make_programme

pytestmark = pytest.mark.django_db


def test_the_same_number_from_the_same_issuer_in_the_same_year_is_refused():
    agency = make_agency("UBND Thành phố Hà Nội")
    make_document("1234/QĐ-UBND", agency=agency, issued_on=datetime.date(2024, 1, 5))
    with pytest.raises(ValidationError) as refused:
        make_document("1234/qđ-ubnd", agency=agency, issued_on=datetime.date(2024, 9, 1))
    assert "không được trùng trong cùng một năm" in str(refused.value)
    assert Document.objects.count() == 1
    # Numbers restart each year, and another issuer may use the same number.
    make_document("1234/QĐ-UBND", agency=agency, issued_on=datetime.date(2025, 1, 5))
    make_document("1234/QĐ-UBND", agency=make_agency(), issued_on=datetime.date(2024, 1, 5))


def test_an_effective_date_before_the_issue_date_is_refused():
    with pytest.raises(ValidationError, match="Ngày có hiệu lực không được trước ngày ban hành"):
        make_document(issued_on=datetime.date(2024, 5, 1), effective_on=datetime.date(2024, 4, 30))
    assert not Document.objects.exists()


def test_a_number_that_is_not_a_number_or_not_of_the_chosen_type_is_refused():
    with pytest.raises(ValidationError, match="không đúng dạng văn bản"):
        Document(
            number="số mười hai",
            document_type=document_type("QĐ"),
            summary="x",
            issued_on=datetime.date(2024, 1, 1),
            agency=make_agency(),
        ).full_clean()
    with pytest.raises(ValidationError, match="không khớp với loại văn bản đã chọn: Kế hoạch"):
        make_document("1234/QĐ-UBND", document_type=document_type("KH"))


def test_a_relation_to_itself_is_refused():
    document = make_document()
    with pytest.raises(ValidationError, match="không thể có quan hệ với chính nó"):
        services.relate(source=document, target=document, kind=RelationKind.AMENDS)
    assert not DocumentRelation.objects.exists()


def test_a_cycle_of_replacements_is_refused():
    first, second, third = (make_document(f"{n}/QĐ-UBND") for n in (1, 2, 3))
    services.relate(source=second, target=first, kind=RelationKind.REPLACES)
    services.relate(source=third, target=second, kind=RelationKind.REPLACES)
    with pytest.raises(ValidationError, match="tạo thành vòng"):
        services.relate(source=first, target=third, kind=RelationKind.REPLACES)
    assert DocumentRelation.objects.count() == 2


def test_a_target_without_a_unit_is_refused():
    target = ProgrammeTarget(
        programme=make_programme(),
        name="Cải tạo chung cư cũ",
        unit=" ",
        target_value=10,
        deadline=datetime.date(2025, 12, 31),
    )
    with pytest.raises(ValidationError, match="Hãy ghi đơn vị tính"):
        target.full_clean()


@pytest.mark.parametrize("typed", ["mười", "12,5,3", "1e", "", "NaN"])
def test_a_reported_value_that_is_not_a_number_is_refused_and_nothing_is_saved(typed):
    programme = make_programme()
    good = ProgrammeTarget.objects.create(
        programme=programme, name="A", unit="km", target_value=10, deadline=datetime.date(2025, 12, 31)
    )
    bad = ProgrammeTarget.objects.create(
        programme=programme, name="B", unit="%", target_value=100, deadline=datetime.date(2025, 12, 31)
    )
    with pytest.raises(ValidationError, match="không phải là một số"):
        services.record_progress_report(
            programme=programme,
            year=2024,
            period="h1",
            text="Kết quả.",
            document=make_document("5/BC-UBND"),
            values={good: "12,5", bad: typed},
        )
    assert not ProgressReport.objects.exists() and not ReportedValue.objects.exists()


def test_values_are_read_as_vietnamese_editors_write_them():
    assert [services.parse_value(text) for text in ("12,5", "1.234,5", "1234.5", "7")] == [
        __import__("decimal").Decimal(v) for v in ("12.5", "1234.5", "1234.5", "7")
    ]


def test_a_file_that_lies_about_its_type_is_refused_and_nothing_is_attached():
    document = make_document()
    with pytest.raises(ValidationError, match="thực chất là tệp Word"):
        services.attach_file(document=document, upload=SimpleUploadedFile("quyet-dinh.pdf", hostile.docx()))
    assert not DocumentFile.objects.exists()


def test_the_admin_refuses_a_hostile_file_and_saves_nothing_of_the_document(admin_client):
    agency = make_agency()
    form = {
        "document_type": document_type("QĐ").pk,
        "number": "77/QĐ-UBND",
        "summary": "Về việc thử",
        "agency": agency.pk,
        "issued_on": "01/03/2024",
        "published_at_0": "01/03/2024",
        "published_at_1": "08:00",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-0-upload": SimpleUploadedFile("quyet-dinh.pdf", hostile.pdf_with_embedded_file()),
        "files-0-order": "0",
        "relations_out-TOTAL_FORMS": "0",
        "relations_out-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/quan-tri/documents/document/add/", form)
    assert response.status_code == 200
    assert "có tệp đính kèm bên trong nên bị từ chối" in response.content.decode()
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
