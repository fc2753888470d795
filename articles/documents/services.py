"""Writes of the documents register: workflow steps (the articles' table), files, relations, progress reports.

Each function is all or nothing (one transaction) and refuses bad input with a Vietnamese message
(ValidationError, PermissionDenied or WorkflowError); the admin and the commands only call them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.documents import files
from articles.documents.models import (
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentRelation,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
)
from articles.documents.validity import RelationKind
from articles.newsroom import rights, workflow
from articles.newsroom.models import Programme
from articles.newsroom.sanitize import plain_text
from articles.newsroom.services import WorkflowError

Action = workflow.Action
# The steps of the articles' table a document goes through (no preview link: a document is not a page in the making).
STEPS = (workflow.SUBMIT, workflow.APPROVE, workflow.REJECT, workflow.PUBLISH, workflow.WITHDRAW, workflow.ARCHIVE)

__all__ = ["STEPS", "WorkflowError"]


# --- workflow ---------------------------------------------------------------------------------------------------


def _require(by, step: workflow.Step, document: Document) -> None:
    reason = workflow.refusal(by, document, step)
    if reason:
        raise PermissionDenied(reason)


def _log(*, document: Document, by, action: str, from_status: str = "", to_status: str = "", comment: str = "",
         superuser_override: bool = False) -> DocumentEvent:  # fmt: skip
    return DocumentEvent.objects.create(
        document=document,
        document_title=document.title[:200],
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        superuser_override=superuser_override,
    )


def _transition(*, document: Document, by, step: workflow.Step, comment: str = "", superuser_override: bool = False,
                **fields) -> Document:  # fmt: skip
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if wrong := workflow.wrong_status(step, current.status, noun=Document.workflow_noun):
            raise WorkflowError(wrong)
        updated = Document.objects.filter(pk=document.pk, status=current.status).update(
            status=step.to_status, updated_by=by, updated_at=timezone.now(), **fields
        )
        if not updated:
            raise WorkflowError("Văn bản vừa được người khác chuyển trạng thái; hãy tải lại trang.")
        document.refresh_from_db()
        document.loaded_status = current.status
        if step.to_status == Document.Status.PUBLISHED:
            found_programme(document=document)
        _log(
            document=document,
            by=by,
            action=step.action,
            from_status=current.status,
            to_status=step.to_status or current.status,
            comment=comment,
            superuser_override=superuser_override,
        )
    return document


def found_programme(*, document: Document) -> Programme | None:
    """A published document of type Chương trình founds its programme (the page articles are tagged with): the
    programme with its number that has no founding document yet, or a new one. Drafts found nothing, so a draft's
    number never shows on the public list of programmes."""
    if document.programme_id or not document.document_type.is_programme:
        return document.programme
    programme = Programme.objects.filter(code=document.number, founding_document__isnull=True).first()
    if programme is None:
        if Programme.objects.filter(code=document.number).exists():
            return None  # another document already founds a programme with this number (another term)
        programme = Programme(
            code=document.number,
            title=document.summary[:500],
            issuing_agency_id=document.agency_id,
            start_year=document.year,
            summary=document.description,
        )
        programme.save()
    Document.objects.filter(pk=document.pk).update(programme=programme)
    document.programme = programme
    return programme


def record_created(*, document: Document, by) -> DocumentEvent:
    return _log(document=document, by=by, action=Action.CREATE, to_status=document.status)


def submit(*, document: Document, by, comment: str = "") -> Document:
    """A writer sends a draft for review; it must be complete (the form's rules) first."""
    _require(by, workflow.SUBMIT, document)
    try:
        document.full_clean()
    except ValidationError as error:
        raise WorkflowError("Văn bản chưa đủ thông tin để gửi duyệt: " + " ".join(error.messages)) from error
    if not document.files.exists():
        raise WorkflowError("Hãy tải lên ít nhất một tệp văn bản trước khi gửi duyệt.")
    return _transition(document=document, by=by, step=workflow.SUBMIT, comment=plain_text(comment),
                       submitted_by=by, submitted_at=timezone.now())  # fmt: skip


def approve(*, document: Document, by, publish_at: datetime.datetime | None = None, comment: str = "") -> Document:
    """An approver publishes a submission, now or at a later minute; the two-person rule applies as to articles."""
    document.submitted_by_id = Document.objects.filter(pk=document.pk).values_list("submitted_by_id", flat=True).first()
    _require(by, workflow.APPROVE, document)
    override = workflow.submitted_it_yourself(by, document)
    note = plain_text(comment)
    if override:
        note = ("Quản trị tối cao tự duyệt văn bản do chính mình gửi. " + note).strip()
    when = publish_at or max(document.published_at, timezone.now())
    return _transition(document=document, by=by, step=workflow.APPROVE, comment=note, superuser_override=override,
                       published_at=when)  # fmt: skip


def reject(*, document: Document, by, comment: str) -> Document:
    _require(by, workflow.REJECT, document)
    comment = plain_text(comment or "").strip()
    if not comment:
        raise WorkflowError("Hãy ghi lý do trả lại để người soạn biết cần sửa gì.")
    return _transition(document=document, by=by, step=workflow.REJECT, comment=comment, submitted_by=None,
                       submitted_at=None)  # fmt: skip


def publish(*, document: Document, by, publish_at: datetime.datetime | None = None, comment: str = "") -> Document:
    _require(by, workflow.PUBLISH, document)
    return _transition(document=document, by=by, step=workflow.PUBLISH, comment=plain_text(comment),
                       published_at=publish_at or document.published_at, withdrawn_reason="",
                       withdrawn_at=None)  # fmt: skip


def withdraw(*, document: Document, by, reason: str) -> Document:
    """Takes a published document off the public site's lists; the reason is public on its page."""
    _require(by, workflow.WITHDRAW, document)
    reason = plain_text(reason or "").strip()
    if not reason:
        raise WorkflowError("Hãy ghi lý do gỡ văn bản; lý do được hiển thị công khai.")
    return _transition(document=document, by=by, step=workflow.WITHDRAW, comment=reason, withdrawn_reason=reason,
                       withdrawn_at=timezone.now())  # fmt: skip


def archive(*, document: Document, by, comment: str = "") -> Document:
    _require(by, workflow.ARCHIVE, document)
    return _transition(document=document, by=by, step=workflow.ARCHIVE, comment=plain_text(comment))


RUN: dict[workflow.Step, Callable[..., Document]] = {
    workflow.SUBMIT: submit,
    workflow.APPROVE: approve,
    workflow.REJECT: reject,
    workflow.PUBLISH: publish,
    workflow.WITHDRAW: withdraw,
    workflow.ARCHIVE: archive,
}


# --- files ------------------------------------------------------------------------------------------------------


def attach_file(*, document: Document, upload, by=None, order: int = 0) -> DocumentFile:
    """Checks an uploaded file (articles/documents/files.py) and attaches it, with a PDF's first-page picture."""
    checked = upload if isinstance(upload, files.CheckedFile) else files.check_document_file(upload)
    with transaction.atomic():
        attached = DocumentFile(
            document=document,
            label=checked.label,
            kind=checked.kind,
            size=checked.size,
            sha256=checked.sha256,
            pages=checked.pages,
            order=order,
        )
        attached.file.save(checked.stored_name, files.stored_content(checked), save=False)
        preview = files.store_preview(checked=checked, uploaded_by=by)
        if preview:
            attached.preview.name = preview
        attached.save()
    return attached


# --- relations --------------------------------------------------------------------------------------------------


def relate(*, source: Document, target: Document, kind: str, note: str = "", by=None) -> DocumentRelation:
    """Records that `source` replaces, amends, suspends, implements or guides `target` (refusing itself and
    replacement cycles, DocumentRelation.clean)."""
    if by is not None and not rights.can_access_agency(by, source.agency_id):
        raise PermissionDenied("Văn bản này thuộc cơ quan khác; bạn không có quyền sửa quan hệ của nó.")
    relation = DocumentRelation(source=source, target=target, kind=RelationKind(kind), note=plain_text(note))
    with transaction.atomic():
        relation.full_clean()
        relation.save()
    return relation


# --- programmes' results ---------------------------------------------------------------------------------------


def parse_value(text: str | Decimal | int | float) -> Decimal:
    """A number as Vietnamese editors write it (`12,5`, `1.234,5`, `1234.5`), or a Vietnamese ValidationError."""
    if isinstance(text, Decimal | int | float) and not isinstance(text, bool):
        return Decimal(str(text))
    raw = str(text or "").strip().replace(" ", "")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(f"“{text}” không phải là một số; hãy nhập giá trị như 12 hoặc 12,5.", code="not_a_number")
    return value


def record_progress_report(
    *,
    programme: Programme,
    year: int,
    period: str,
    text: str,
    document: Document,
    values: Mapping[ProgrammeTarget, str | Decimal],
    by=None,
) -> ProgressReport:
    """A progress report with the value reached for each target, all or nothing."""
    if by is not None and not rights.can_access_agency(by, document.agency_id):
        raise PermissionDenied("Văn bản báo cáo thuộc cơ quan khác; bạn không thể dùng nó.")
    errors: list[str] = []
    parsed: dict[ProgrammeTarget, Decimal] = {}
    for target, raw in values.items():
        if target.programme_id != programme.pk:
            errors.append(f"Chỉ tiêu “{target.name}” thuộc chương trình khác.")
            continue
        try:
            parsed[target] = parse_value(raw)
        except ValidationError as error:
            errors.append(f"Chỉ tiêu “{target.name}”: {error.messages[0]}")
    if errors:
        raise ValidationError(errors)
    report = ProgressReport(programme=programme, year=year, period=period, text=plain_text(text), document=document)
    with transaction.atomic():
        report.full_clean()
        report.save()
        ReportedValue.objects.bulk_create(
            [ReportedValue(report=report, target=target, value=value) for target, value in parsed.items()]
        )
    return report
