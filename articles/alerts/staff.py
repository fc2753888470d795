"""Workflow emails for staff: an agency's approvers hear of a submission; the writer of an approval, a scheduling or
a return (with the approver's comment). Each staff user can switch them off (StaffAlertSetting)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from articles.alerts import emails, outbox, sending
from articles.alerts.models import OutboxRow, StaffAlertSetting, StaffNotification
from articles.newsroom.models import Article, WorkflowEvent

Action = WorkflowEvent.Action
Kind = StaffNotification.Kind
State = OutboxRow.State
PUBLISHING_ACTIONS = frozenset({Action.APPROVE, Action.PUBLISH})
SUBJECTS = {
    Kind.SUBMITTED: "[Tòa soạn] Bài chờ duyệt: {title}",
    Kind.APPROVED: "[Tòa soạn] Bài đã được duyệt và đăng: {title}",
    Kind.SCHEDULED: "[Tòa soạn] Bài được hẹn giờ đăng: {title}",
    Kind.RETURNED: "[Tòa soạn] Bài bị trả lại: {title}",
}


def wants_workflow_emails(user: Any) -> bool:
    setting = StaffAlertSetting.objects.filter(user=user).values_list("workflow_emails", flat=True).first()
    return setting is None or setting


def set_workflow_emails(*, user: Any, enabled: bool) -> None:
    StaffAlertSetting.objects.update_or_create(user=user, defaults={"workflow_emails": enabled})


def approvers_of(agency_id: int) -> QuerySet:
    """Active staff who work for the agency and may approve its articles."""
    approve = Permission.objects.filter(codename="approve_article", content_type__app_label="articles").first()
    may_approve = Q(is_superuser=True) | Q(groups__permissions=approve) | Q(user_permissions=approve)
    return (
        get_user_model()
        .objects.filter(may_approve, is_active=True, is_staff=True, memberships__agency_id=agency_id)
        .distinct()
    )


def writer_of(article_id: int) -> int | None:
    """Who sent the article for review last (the submission step's author), else who created it."""
    submitter = (
        WorkflowEvent.objects.filter(article_id=article_id, action=Action.SUBMIT)
        .order_by("-created_at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    return submitter or Article.objects.filter(pk=article_id).values_list("created_by_id", flat=True).first()


def record_notifications(*, event: WorkflowEvent) -> int:
    """The emails a step sets off, written in the step's own transaction; returns how many."""
    if event.article_id is None:
        return 0
    article = Article.objects.filter(pk=event.article_id).values("agency_id", "published_at").first()
    if article is None:
        return 0
    if event.action == Action.SUBMIT:
        kind = Kind.SUBMITTED
        recipients = list(approvers_of(article["agency_id"]).values_list("pk", flat=True))
    elif event.action == Action.APPROVE:
        kind = Kind.SCHEDULED if article["published_at"] > timezone.now() else Kind.APPROVED
        recipients = [writer_of(event.article_id)]
    elif event.action == Action.REJECT:
        kind = Kind.RETURNED
        recipients = [writer_of(event.article_id)]
    else:
        return 0
    off = StaffAlertSetting.objects.filter(user_id__in=recipients, workflow_emails=False)
    switched_off = set(off.values_list("user_id", flat=True))
    chosen = [pk for pk in dict.fromkeys(recipients) if pk and pk != event.actor_id and pk not in switched_off]
    StaffNotification.objects.bulk_create(
        [StaffNotification(event=event, recipient_id=pk, kind=kind) for pk in chosen], ignore_conflicts=True
    )
    return len(chosen)


def _context(notification: StaffNotification) -> dict[str, Any]:
    event = notification.event
    recipient = notification.recipient
    article = event.article
    actor = event.actor
    return {
        "name": recipient.get_full_name() or recipient.get_username(),
        "actor": (actor.get_full_name() or actor.get_username()) if actor else "Một người dùng đã bị xóa",
        "title": event.article_title,
        "agency": article.agency.name if article else "",
        "published_at": article.published_at if article else None,
        "comment": event.comment if notification.kind == Kind.RETURNED else "",
        "link": emails.absolute(reverse("admin:articles_article_change", args=[event.article_id])),
        "settings_url": emails.absolute(reverse("alerts_staff_settings")),
        "subject": SUBJECTS[Kind(notification.kind)].format(title=event.article_title),
    }


def send_pending(*, holder: str, attempt: int = 0) -> int:
    """Sends every staff notification that is due; returns how many went out."""
    rows = StaffNotification.objects.all()
    if not outbox.claim(rows, holder=holder):
        return 0
    held = list(
        rows.filter(claim=holder, state=State.PENDING)
        .select_related("recipient", "event__actor", "event__article__agency")
        .order_by("id")
    )
    unwanted = [row.pk for row in held if not row.recipient.email or not wants_workflow_emails(row.recipient)]
    if unwanted:
        StaffNotification.objects.filter(pk__in=unwanted, claim=holder).update(state=State.CANCELLED, claim=None)
    delivered: list[int] = []

    def message_for(row: StaffNotification, connection: Any) -> EmailMessage:
        context = _context(row)
        return emails.staff_notification(
            kind=row.kind, email=row.recipient.email, context=context, subject=context["subject"], connection=connection
        )

    def sent(row: StaffNotification) -> bool:
        delivered.append(row.pk)
        return bool(
            StaffNotification.objects.filter(pk=row.pk, claim=holder).update(
                state=State.SENT, sent_at=timezone.now(), claim=None, claimed_until=None, error=""
            )
        )

    def failed(row: StaffNotification, failure: outbox.Failure, error: Exception) -> None:
        if failure is outbox.Failure.HARD:
            StaffNotification.objects.filter(pk=row.pk, claim=holder).update(
                state=State.BOUNCED, claim=None, claimed_until=None, error=outbox.describe(error)
            )
        else:
            sending.soft_failure(StaffNotification, row.pk, holder, error)

    try:
        sending.send_batch(
            [row for row in held if row.pk not in unwanted],
            message_for=message_for,
            sent=sent,
            failed=failed,
            attempt=attempt,
            release=lambda retry_in: outbox.release(rows, holder=holder, retry_in=retry_in),
        )
    finally:
        outbox.release(rows, holder=holder)
    return len(delivered)
