"""When an article (or a document of the register) becomes public: who gets an email (one per subscriber), and the
sweep that makes sure it happens.

`announce()` writes one Delivery per matching active subscriber, once per article or document (Announcement is
unique per item, whichever of the approval's task and the sweep gets there first). `dispatch_*()` queue tasks for ranges
of rows. `sweep()` runs every minute (Celery beat): it announces what became public and was not announced yet
(scheduled articles at their minute, approvals whose task was lost with the broker), queues again rows whose task
was lost or whose worker died, cancels emails of withdrawn articles and documents and sends the daily digests once
due.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Max, Value, When
from django.utils import timezone

from articles.alerts import outbox, queue, sending, topics
from articles.alerts.models import (
    Announcement,
    Delivery,
    Frequency,
    OutboxRow,
    StaffNotification,
    SubscribeAttempt,
    Subscriber,
    Subscription,
)
from articles.alerts.sources import ARTICLES, SOURCES, Source
from articles.newsroom.models import Article

logger = logging.getLogger(__name__)
State = OutboxRow.State
# Articles that became public longer ago than this are never announced by the sweep (nor are imported ones):
# switching alerts on, or a queue that was down for days, must not send the archive.
ANNOUNCE_WITHIN = datetime.timedelta(days=2)


def announce(item_id: int, source: Source = ARTICLES) -> int | None:
    """Writes the article's (or document's) deliveries if it is public and not announced yet; returns their number
    (None: nothing to do). Immediate wins when a subscriber has both kinds of subscription matching."""
    item = source.published().filter(pk=item_id).first()
    key = {f"{source.field}_id": item_id}
    if item is None or Announcement.objects.filter(**key).exists():
        return None
    immediate = Case(When(frequency=Frequency.IMMEDIATE, then=Value(1)), default=Value(0), output_field=IntegerField())
    subscribers = (
        Subscription.objects.filter(topics.matching(item), subscriber__status=Subscriber.Status.ACTIVE)
        .values("subscriber_id")
        .annotate(immediate=Max(immediate))
        .values_list("subscriber_id", "immediate")
        .order_by("subscriber_id")
    )
    rows = [
        Delivery(
            **key,
            subscriber_id=subscriber_id,
            frequency=Frequency.IMMEDIATE if now else Frequency.DAILY,
        )
        for subscriber_id, now in subscribers
    ]
    try:
        with transaction.atomic():
            Announcement.objects.create(**key, recipients=len(rows))
            Delivery.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    except IntegrityError:  # announced meanwhile by another process
        return None
    return len(rows)


def _ranges(ids: list[int], size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        yield chunk[0], chunk[-1]


def dispatch(item_id: int, source: Source = ARTICLES) -> int:
    """Queues one task per ALERTS_CHUNK_SIZE ready emails of the article (or document); returns the number of
    tasks."""
    rows = source.deliveries(item_id).filter(frequency=Frequency.IMMEDIATE)
    ids = list(outbox.ready(rows).order_by("id").values_list("id", flat=True))
    count = 0
    for first, last in _ranges(ids, settings.ALERTS_CHUNK_SIZE):
        outbox.mark_queued(rows.filter(id__gte=first, id__lte=last))
        queue.enqueue(source.send_task, item_id, first, last)
        count += 1
    return count


def digest_boundary(now: datetime.datetime | None = None) -> datetime.datetime:
    """The last digest time (ALERTS_DIGEST_HOUR, Hanoi) at or before `now`: articles published before it are due."""
    local = timezone.localtime(now or timezone.now())
    boundary = local.replace(hour=settings.ALERTS_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return boundary if boundary <= local else boundary - datetime.timedelta(days=1)


def dispatch_digests(boundary: datetime.datetime) -> int:
    rows = outbox.ready(sending.digest_rows(boundary)).filter(sending.of_public_items())
    subscribers = list(rows.order_by("subscriber_id").values_list("subscriber_id", flat=True).distinct())
    count = 0
    for first, last in _ranges(subscribers, settings.ALERTS_CHUNK_SIZE):
        outbox.mark_queued(sending.digest_rows(boundary).filter(subscriber_id__gte=first, subscriber_id__lte=last))
        queue.enqueue("send_digests", first, last, boundary.isoformat())
        count += 1
    return count


@dataclass
class SweepReport:
    # Keyed by (source field, id): ("article", 12), ("document", 3).
    announced: list[tuple[str, int]] = field(default_factory=list)
    dispatched: dict[tuple[str, int], int] = field(default_factory=dict)
    cancelled: int = 0
    digest_tasks: int = 0
    staff_queued: int = 0


def sweep(
    now: datetime.datetime | None = None, *, announce_one: Callable[[int, Source], int | None] = announce
) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport()
    for source in SOURCES:
        # Emails of articles and documents no longer published (withdrawn, archived) are never sent.
        report.cancelled += (
            source.of_all()
            .filter(state=State.PENDING)
            .exclude(**{f"{source.field}__status": Article.Status.PUBLISHED})
            .update(state=State.CANCELLED, claim=None, claimed_until=None)
        )
        unannounced = source.published().filter(published_at__gte=now - ANNOUNCE_WITHIN, announcement__isnull=True)
        if source is ARTICLES:
            unannounced = unannounced.filter(legacy_id__isnull=True)
        for item_id in unannounced.values_list("pk", flat=True):
            if announce_one(item_id, source) is not None:
                report.announced.append((source.field, item_id))
        waiting = (
            outbox.ready(source.of_all().filter(frequency=Frequency.IMMEDIATE))
            .filter(**{f"{source.field}__in": source.published()})
            .values_list(f"{source.field}_id", flat=True)
            .distinct()
        )
        for item_id in list(waiting):
            report.dispatched[(source.field, item_id)] = dispatch(item_id, source)
    report.digest_tasks = dispatch_digests(digest_boundary(now))
    staff_rows = StaffNotification.objects.all()
    if outbox.ready(staff_rows).exists():
        report.staff_queued = outbox.mark_queued(staff_rows)
        queue.enqueue("send_staff_notifications")
    SubscribeAttempt.objects.filter(created_at__lt=now - datetime.timedelta(days=1)).delete()
    return report
