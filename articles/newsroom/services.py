"""Workflow steps, optimistic locking, preview links and revision restore for articles.

Every step checks the user's permission and agency, changes the status with a conditional UPDATE (so two
people cannot take conflicting steps at once), keeps a revision (django-reversion) and writes the audit log.
The admin's buttons and actions only call these functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import reversion
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Version

from articles.newsroom import rights, workflow
from articles.newsroom.models import Article, WorkflowEvent
from articles.newsroom.sanitize import plain_text
from articles.newsroom.templatetags.vn import vn_short_datetime

Action = WorkflowEvent.Action

PREVIEW_SALT = "articles.preview"
PREVIEW_DAYS = 7
PREVIEW_MAX_DAYS = 30

# Fields a restore brings back: the text and links, not the workflow state or publication time.
RESTORABLE_FIELDS = ("title", "lead", "body", "cover", "cover_alt", "cover_caption", "source", "agency_id")
RESTORABLE_M2M = ("officials", "programmes", "related")


class WorkflowError(Exception):
    """A step that does not fit the article's current state; the message is for the editor."""


class EditConflict(Exception):
    """Someone saved the article after the editor opened it."""


class PreviewUnavailable(Exception):
    """A preview link that is forged, expired, or whose article is no longer a draft or submission."""


def _display_name(user) -> str:
    if user is None:
        return "một người dùng đã bị xóa"
    return user.get_full_name() or user.get_username()


def require(by, step: workflow.Step, article: Article) -> None:
    """Raises PermissionDenied (Vietnamese reason) unless `by` may take `step` on `article`."""
    reason = workflow.refusal(by, article, step)
    if reason:
        raise PermissionDenied(reason)


def log_event(
    *, article: Article, by, action: str, from_status: str = "", to_status: str = "", comment: str = "", **extra
) -> WorkflowEvent:
    return WorkflowEvent.objects.create(
        article=article,
        article_title=article.title[:300],
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        **extra,
    )


def _transition(
    *, article: Article, by, step: workflow.Step, comment: str = "", superuser_override: bool = False, **fields
) -> Article:
    now = timezone.now()
    with transaction.atomic(), reversion.create_revision():
        current = Article.objects.select_for_update().get(pk=article.pk)
        wrong = workflow.wrong_status(step, current.status)
        if wrong:
            raise WorkflowError(wrong)
        updated = Article.objects.filter(pk=article.pk, status=current.status).update(
            status=step.to_status, version=F("version") + 1, updated_by=by, updated_at=now, **fields
        )
        if not updated:  # another step won the race between the read and the write
            raise WorkflowError("Bài vừa được người khác chuyển trạng thái; hãy tải lại trang.")
        article.refresh_from_db()
        reversion.set_user(by)
        reversion.set_comment(f"{step.label}{': ' + comment if comment else ''}")
        reversion.add_to_revision(article)
        log_event(
            article=article,
            by=by,
            action=step.action,
            from_status=current.status,
            to_status=step.to_status or current.status,
            comment=comment,
            superuser_override=superuser_override,
        )
    return article


def record_created(*, article: Article, by) -> WorkflowEvent:
    """The first line of an article's audit log."""
    return log_event(article=article, by=by, action=Action.CREATE, to_status=article.status)


def submit(*, article: Article, by, comment: str = "") -> Article:
    """A writer sends a draft for review."""
    require(by, workflow.SUBMIT, article)
    return _transition(
        article=article,
        by=by,
        step=workflow.SUBMIT,
        comment=plain_text(comment),
        submitted_by=by,
        submitted_at=timezone.now(),
    )


def approve(*, article: Article, by, publish_at: datetime.datetime | None = None, comment: str = "") -> Article:
    """An approver publishes a submission, now or at a future minute (scheduled).

    Two-person rule: whoever submitted the article cannot approve it; a superuser may, and the audit log
    marks that it happened.
    """
    article.submitted_by_id = Article.objects.filter(pk=article.pk).values_list("submitted_by_id", flat=True).first()
    require(by, workflow.APPROVE, article)
    override = workflow.submitted_it_yourself(by, article)
    when = publish_at or max(article.published_at, timezone.now())
    note = plain_text(comment)
    if override:
        note = ("Quản trị tối cao tự duyệt bài do chính mình gửi. " + note).strip()
    return _transition(
        article=article,
        by=by,
        step=workflow.APPROVE,
        comment=note,
        superuser_override=override,
        published_at=when,
    )


def reject(*, article: Article, by, comment: str) -> Article:
    """An approver sends a submission back to its writer with a comment."""
    require(by, workflow.REJECT, article)
    comment = plain_text(comment or "").strip()
    if not comment:
        raise WorkflowError("Hãy ghi lý do trả lại để người viết biết cần sửa gì.")
    return _transition(
        article=article, by=by, step=workflow.REJECT, comment=comment, submitted_by=None, submitted_at=None
    )


def publish(*, article: Article, by, publish_at: datetime.datetime | None = None, comment: str = "") -> Article:
    """Changes the publication time of an approved article, or puts a withdrawn one back online."""
    require(by, workflow.PUBLISH, article)
    return _transition(
        article=article,
        by=by,
        step=workflow.PUBLISH,
        comment=plain_text(comment),
        published_at=publish_at or article.published_at,
        withdrawn_reason="",
        withdrawn_at=None,
    )


def withdraw(*, article: Article, by, reason: str) -> Article:
    """Takes a published article out of lists and search; its page stays with the public reason."""
    require(by, workflow.WITHDRAW, article)
    reason = plain_text(reason or "").strip()
    if not reason:
        raise WorkflowError("Hãy ghi lý do gỡ bài; lý do được hiển thị công khai trên trang bài viết.")
    return _transition(
        article=article,
        by=by,
        step=workflow.WITHDRAW,
        comment=reason,
        withdrawn_reason=reason,
        withdrawn_at=timezone.now(),
    )


def archive(*, article: Article, by, comment: str = "") -> Article:
    """Puts a published or withdrawn article into the archive (off the public site)."""
    require(by, workflow.ARCHIVE, article)
    return _transition(article=article, by=by, step=workflow.ARCHIVE, comment=plain_text(comment))


# What each step of the table runs, for the admin's step pages and bulk actions.
RUN: dict[workflow.Step, Callable[..., Article]] = {
    workflow.SUBMIT: submit,
    workflow.APPROVE: approve,
    workflow.REJECT: reject,
    workflow.PUBLISH: publish,
    workflow.WITHDRAW: withdraw,
    workflow.ARCHIVE: archive,
}


# --- Optimistic locking -------------------------------------------------------------------------------


def conflict_message(article_id: int) -> str:
    latest = Article.objects.select_related("updated_by").get(pk=article_id)
    return (
        f"Không lưu được: {_display_name(latest.updated_by)} đã lưu bài này lúc "
        f"{vn_short_datetime(latest.updated_at)}, sau khi bạn mở nó. Nội dung bạn vừa sửa vẫn còn trong "
        "biểu mẫu dưới đây: hãy sao chép phần của mình, mở lại bài để xem bản mới nhất rồi sửa tiếp."
    )


def claim_version(*, article_id: int, expected_version: int) -> int:
    """Takes the next version number if nobody saved since `expected_version`; raises EditConflict otherwise.

    One conditional UPDATE: of two concurrent saves from the same version, exactly one wins. Call it inside
    the transaction that then saves the article.
    """
    claimed = Article.objects.filter(pk=article_id, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(conflict_message(article_id))
    return expected_version + 1


# --- Shareable preview ----------------------------------------------------------------------------------


def create_preview_token(*, article: Article, by, days: int = PREVIEW_DAYS) -> str:
    """A signed link token that shows the draft without an account until it expires or is published."""
    require(by, workflow.PREVIEW, article)
    if workflow.wrong_status(workflow.PREVIEW, article.status):
        raise WorkflowError("Chỉ tạo liên kết xem trước cho bài nháp hoặc bài đang chờ duyệt.")
    days = max(1, min(int(days), PREVIEW_MAX_DAYS))
    until = timezone.now() + datetime.timedelta(days=days)
    token = signing.dumps({"article": article.pk, "until": int(until.timestamp())}, salt=PREVIEW_SALT)
    log_event(article=article, by=by, action=Action.PREVIEW, comment=f"Liên kết có hạn đến {vn_short_datetime(until)}.")
    return token


def article_for_preview(token: str) -> Article:
    try:
        payload = signing.loads(token, salt=PREVIEW_SALT)
    except signing.BadSignature as error:
        raise PreviewUnavailable("Liên kết xem trước không hợp lệ.") from error
    if payload.get("until", 0) < timezone.now().timestamp():
        raise PreviewUnavailable("Liên kết xem trước đã hết hạn; hãy xin người duyệt một liên kết mới.")
    article = Article.objects.select_related("agency").filter(pk=payload.get("article")).first()
    if article is None:
        raise PreviewUnavailable("Bài viết không còn tồn tại.")
    if workflow.wrong_status(workflow.PREVIEW, article.status):
        raise PreviewUnavailable("Liên kết xem trước không còn dùng được vì bài đã được đăng hoặc đã gỡ.")
    return article


# --- Revisions ------------------------------------------------------------------------------------------


def revisions_of(article: Article):
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


def restore_revision(*, article: Article, version_id: int, by, expected_version: int | None = None) -> Article:
    """Brings back the text and links of an earlier revision as a new save (itself a new revision).

    Not for a published article, whose text changes only through a reviewed edit (`live_edits.restore_version`).
    """
    if article.status == Article.Status.PUBLISHED:
        raise WorkflowError("Bài đã đăng chỉ được sửa qua một bản sửa chờ duyệt.")
    if not rights.can_change(by, article):
        raise PermissionDenied("Bạn không có quyền sửa bài này nên không thể khôi phục phiên bản cũ.")
    version = revisions_of(article).get(pk=version_id)
    data = version.field_dict
    if not rights.can_access_agency(by, data.get("agency_id")):
        raise PermissionDenied("Phiên bản này thuộc cơ quan khác mà bạn không phụ trách.")
    with transaction.atomic(), reversion.create_revision():
        article.version = claim_version(
            article_id=article.pk, expected_version=article.version if expected_version is None else expected_version
        )
        for field in RESTORABLE_FIELDS:
            if field in data:
                setattr(article, field, data[field])
        article.updated_by = by
        article.save()
        for field in RESTORABLE_M2M:
            if field in data:
                getattr(article, field).set(data[field])
        stamp = vn_short_datetime(version.revision.date_created)
        reversion.set_user(by)
        reversion.set_comment(f"Khôi phục phiên bản lưu lúc {stamp}")
        log_event(article=article, by=by, action=Action.RESTORE, comment=f"Khôi phục phiên bản lưu lúc {stamp}.")
    return article
