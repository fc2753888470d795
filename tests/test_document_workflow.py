"""Documents go through the articles' workflow table (draft, submitted, published; withdrawn with a reason), with
rights by agency and the two-person rule, and permissions named after the document model."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.documents import services
from articles.documents.models import Document, DocumentEvent
from articles.newsroom import workflow
from articles.newsroom.services import WorkflowError
from tests.factories import make_agency, make_document, make_editor, pdf_bytes

pytestmark = pytest.mark.django_db
Status = Document.Status


@pytest.fixture
def city():
    agency = make_agency("UBND Thành phố Hà Nội")
    writer = make_editor("viet", roles=("writer",), agencies=(agency,))
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    draft = make_document(agency=agency, status=Status.DRAFT)
    services.attach_file(document=draft, upload=SimpleUploadedFile("qd.pdf", pdf_bytes()))
    return agency, writer, approver, draft


def test_the_steps_are_the_articles_table_with_the_document_models_permissions():
    assert workflow.SUBMIT.permission(Document()) == "documents.submit_document"
    assert set(services.STEPS) <= set(workflow.STEPS.values())


def test_a_draft_is_submitted_then_approved_and_becomes_public(city):
    _, writer, approver, draft = city
    services.submit(document=draft, by=writer)
    assert not Document.objects.published().filter(pk=draft.pk).exists()
    services.approve(document=draft, by=approver)
    assert Document.objects.published().filter(pk=draft.pk).exists()
    actions = list(DocumentEvent.objects.filter(document=draft).values_list("action", flat=True))
    assert actions == ["approve", "submit"]


def test_a_writer_cannot_approve_and_the_submitter_cannot_approve_their_own(city):
    agency, writer, _, draft = city
    services.submit(document=draft, by=writer)
    with pytest.raises(PermissionDenied, match="Bạn không có quyền duyệt văn bản này"):
        services.approve(document=draft, by=writer)
    both = make_editor("ca-hai", roles=("writer", "approver"), agencies=(agency,))
    other = make_document("99/QĐ-UBND", agency=agency, status=Status.DRAFT)
    services.attach_file(document=other, upload=SimpleUploadedFile("qd.pdf", pdf_bytes()))
    services.submit(document=other, by=both)
    with pytest.raises(PermissionDenied, match="Bạn đã gửi văn bản này để duyệt nên không thể tự duyệt"):
        services.approve(document=other, by=both)


def test_an_editor_of_another_agency_may_not_touch_it(city):
    *_, draft = city
    outsider = make_editor("ngoai", roles=("writer", "approver"), agencies=(make_agency(),))
    with pytest.raises(PermissionDenied, match="thuộc cơ quan khác"):
        services.submit(document=draft, by=outsider)


def test_withdrawing_needs_a_reason_and_leaves_the_page_with_its_notice(city, client):
    _, writer, approver, draft = city
    services.submit(document=draft, by=writer)
    services.approve(document=draft, by=approver)
    with pytest.raises(WorkflowError, match="Hãy ghi lý do gỡ văn bản"):
        services.withdraw(document=draft, by=approver, reason="  ")
    services.withdraw(document=draft, by=approver, reason="Văn bản đăng nhầm tệp.")
    assert not Document.objects.published().filter(pk=draft.pk).exists()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Văn bản đã được gỡ khỏi danh mục" in page and "Văn bản đăng nhầm tệp." in page and "noindex" in page


def test_a_document_without_a_file_cannot_be_submitted(city):
    agency, writer, *_ = city
    bare = make_document("100/QĐ-UBND", agency=agency, status=Status.DRAFT)
    with pytest.raises(WorkflowError, match="ít nhất một tệp"):
        services.submit(document=bare, by=writer)


def test_the_admin_shows_only_the_editors_agencies_and_the_steps_they_may_take(city, client):
    agency, writer, _, draft = city
    elsewhere = make_document("5/QĐ-UBND", agency=make_agency(), status=Status.DRAFT)
    client.force_login(writer)
    listing = client.get("/quan-tri/documents/document/").content.decode()
    assert draft.summary in listing and elsewhere.summary not in listing
    assert client.get(f"/quan-tri/documents/document/{elsewhere.pk}/change/").status_code == 302
    page = client.get(f"/quan-tri/documents/document/{draft.pk}/change/").content.decode()
    assert "/quy-trinh/gui-duyet/" in page and "/quy-trinh/duyet/" not in page
    response = client.post(f"/quan-tri/documents/document/{draft.pk}/quy-trinh/gui-duyet/", {"comment": "Nhờ duyệt."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
