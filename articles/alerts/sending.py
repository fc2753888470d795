"""Sending what the outbox holds through Django's email backend, one connection per batch, each row marked as
its email is accepted, so that a batch cut short (a dead worker, a server gone) resumes where it stopped."""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.utils import timezone

from articles.alerts import emails, outbox
from articles.alerts.models import Delivery, Frequency, OutboxRow, StaffNotification, Subscriber
from articles.alerts.sources import ARTICLES, DOCUMENTS, SOURCES, Source, source_of

logger = logging.getLogger(__name__)
State = OutboxRow.State
Item = TypeVar("Item")
PAUSE_AFTER_BOUNCES = 3
# How many emails of an article (or document) go out between two checks that it is still public.
CHECK_PUBLIC_EVERY = 50


def send_batch(
    items: Iterable[Item],
    *,
    message_for: Callable[[Item, Any], EmailMessage],
    sent: Callable[[Item], bool],
    failed: Callable[[Item, outbox.Failure, Exception], None],
    still_wanted: Callable[[], bool] = lambda: True,
    attempt: int = 0,
    release: Callable[[float], object],
) -> None:
    """Sends one email per item over one connection, calling `sent` after each accepted one (False: the row was
    taken over, stop) and `failed` for an address refused. A server that cannot be reached releases what is left
    (`release(retry_in)`) and raises ServerUnavailable."""
    started = time.monotonic()
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        for index, item in enumerate(items):
            if outbox.deadline_passed(started, time.monotonic()):
                return
            if index and index % CHECK_PUBLIC_EVERY == 0 and not still_wanted():
                return
            try:
                connection.send_messages([message_for(item, connection)])
            except (smtplib.SMTPException, OSError) as error:
                failure = outbox.classify(error)
                if failure is outbox.Failure.SERVER:
                    raise
                failed(item, failure, error)
                continue
            if not sent(item):
                return
    except (smtplib.SMTPException, OSError) as error:
        retry_in = outbox.backoff(attempt)
        release(retry_in)
        raise outbox.ServerUnavailable(outbox.describe(error), retry_in) from error
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()


def soft_failure(row_model: type[Delivery] | type[StaffNotification], pk: int, holder: str, error: Exception) -> None:
    """An address refused for now: tried again later, up to ALERTS_MAX_ATTEMPTS times."""
    from django.conf import settings

    row = row_model.objects.filter(pk=pk, claim=holder).values_list("attempts", flat=True).first()
    if row is None:
        return
    attempts = row + 1
    changes: dict[str, Any] = {"attempts": attempts, "error": outbox.describe(error), "claim": None}
    if attempts >= settings.ALERTS_MAX_ATTEMPTS:
        changes.update(state=State.FAILED, claimed_until=None)
    else:
        changes.update(
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=outbox.backoff(attempts)), claimed_until=None
        )
    row_model.objects.filter(pk=pk, claim=holder).update(**changes)


def count_bounce(subscriber_id: int) -> None:
    """A hard bounce; the third in a row pauses every subscription of the address."""
    Subscriber.objects.filter(pk=subscriber_id).update(hard_bounces=F("hard_bounces") + 1)
    Subscriber.objects.filter(
        pk=subscriber_id, hard_bounces__gte=PAUSE_AFTER_BOUNCES, status=Subscriber.Status.ACTIVE
    ).update(status=Subscriber.Status.PAUSED, paused_at=timezone.now())


# --- An article's (or a document's) alerts -----------------------------------------------------------------------


def cancel_if_gone(item_id: int, source: Source = ARTICLES) -> bool:
    """An article or document withdrawn, archived or deleted before its emails went out: they never will. A
    scheduled one keeps them for its minute. True when cancelled."""
    if source.still_published(item_id):
        return False
    source.deliveries(item_id).filter(state=State.PENDING).update(state=State.CANCELLED, claim=None, claimed_until=None)
    return True


def send_range(*, source: Source, item_id: int, first_id: int, last_id: int, holder: str, attempt: int = 0) -> int:
    """Sends the immediate emails of an article or a document (`source`) whose ids lie in [first_id, last_id];
    returns how many went out."""
    rows = source.deliveries(item_id).filter(frequency=Frequency.IMMEDIATE, id__gte=first_id, id__lte=last_id)
    item = source.public(item_id)
    if item is None:
        cancel_if_gone(item_id, source)
        return 0
    if not outbox.claim(rows, holder=holder):
        return 0
    held = list(
        rows.filter(claim=holder, state=State.PENDING)
        .order_by("id")
        .values_list("id", "subscriber_id", "subscriber__email", "subscriber__key", "subscriber__status")
    )
    paused = [row[0] for row in held if row[4] != Subscriber.Status.ACTIVE]
    if paused:
        Delivery.objects.filter(pk__in=paused, claim=holder).update(state=State.CANCELLED, claim=None)
    active = [row for row in held if row[4] == Subscriber.Status.ACTIVE]
    alert = emails.AlertEmail.of(item)
    delivered: list[int] = []

    def message_for(row: tuple, connection: Any) -> EmailMessage:
        return alert.for_subscriber(subscriber_id=row[1], key=row[3], email=row[2], connection=connection)

    def sent(row: tuple) -> bool:
        delivered.append(row[1])
        return bool(
            Delivery.objects.filter(pk=row[0], claim=holder).update(
                state=State.SENT, sent_at=timezone.now(), claim=None, claimed_until=None, error=""
            )
        )

    def failed(row: tuple, failure: outbox.Failure, error: Exception) -> None:
        if failure is outbox.Failure.HARD:
            Delivery.objects.filter(pk=row[0], claim=holder).update(
                state=State.BOUNCED, claim=None, claimed_until=None, error=outbox.describe(error)
            )
            count_bounce(row[1])
        else:
            soft_failure(Delivery, row[0], holder, error)

    try:
        send_batch(
            active,
            message_for=message_for,
            sent=sent,
            failed=failed,
            still_wanted=lambda: not cancel_if_gone(item_id, source) and source.public(item_id) is not None,
            attempt=attempt,
            release=lambda retry_in: outbox.release(rows, holder=holder, retry_in=retry_in),
        )
    finally:
        outbox.release(rows, holder=holder)
        if delivered:
            Subscriber.objects.filter(pk__in=delivered, hard_bounces__gt=0).update(hard_bounces=0)
    return len(delivered)


# --- Daily digests ------------------------------------------------------------------------------------------------


def digest_rows(boundary: datetime.datetime):
    """Digest emails due: articles and documents published before the last digest time."""
    published_before = Q(article__published_at__lt=boundary) | Q(document__published_at__lt=boundary)
    return Delivery.objects.filter(published_before, frequency=Frequency.DAILY)


def of_public_items() -> Q:
    """Deliveries of public articles and documents."""
    return Q(article__in=ARTICLES.published()) | Q(document__in=DOCUMENTS.published())


def send_digest_range(
    *, first_subscriber: int, last_subscriber: int, boundary: datetime.datetime, holder: str, attempt: int = 0
) -> int:
    """One email per subscriber in the range with all their due digest articles and documents still public."""
    rows = digest_rows(boundary).filter(subscriber_id__gte=first_subscriber, subscriber_id__lte=last_subscriber)
    if not outbox.claim(rows, holder=holder):
        return 0
    held = [
        (row_id, subscriber_id, (ARTICLES.field, article_id) if article_id else (DOCUMENTS.field, document_id))
        for row_id, subscriber_id, article_id, document_id in rows.filter(
            claim=holder, state=State.PENDING
        ).values_list("id", "subscriber_id", "article_id", "document_id")
    ]
    public = {
        (source.field, item.pk): item
        for source in SOURCES
        for item in source.published()
        .select_related(*source.related)
        .filter(pk__in={row[2][1] for row in held if row[2][0] == source.field})
    }
    gone = [row[0] for row in held if row[2] not in public]
    if gone:
        Delivery.objects.filter(pk__in=gone, claim=holder).update(state=State.CANCELLED, claim=None)
    by_subscriber: dict[int, list[tuple]] = defaultdict(list)
    for row in held:
        if row[2] in public:
            by_subscriber[row[1]].append(row)
    subscribers = Subscriber.objects.in_bulk(list(by_subscriber))
    day = f"{timezone.localtime(boundary):%d/%m/%Y}"
    items = [(subscribers[pk], found) for pk, found in sorted(by_subscriber.items()) if pk in subscribers]
    paused = [row[0] for item in items if item[0].status != Subscriber.Status.ACTIVE for row in item[1]]
    if paused:
        Delivery.objects.filter(pk__in=paused, claim=holder).update(state=State.CANCELLED, claim=None)
    delivered: list[int] = []

    def message_for(item: tuple, connection: Any) -> EmailMessage:
        subscriber, found = item
        chosen = sorted((public[row[2]] for row in found), key=lambda item: (item.published_at, item.pk))
        return emails.digest(
            subscriber_id=subscriber.pk,
            key=subscriber.key,
            email=subscriber.email,
            articles=[item for item in chosen if source_of(item) is ARTICLES],
            documents=[item for item in chosen if source_of(item) is DOCUMENTS],
            day=day,
            connection=connection,
        )

    def ids(item: tuple) -> list[int]:
        return [row[0] for row in item[1]]

    def sent(item: tuple) -> bool:
        delivered.append(item[0].pk)
        return bool(
            Delivery.objects.filter(pk__in=ids(item), claim=holder).update(
                state=State.SENT, sent_at=timezone.now(), claim=None, claimed_until=None, error=""
            )
        )

    def failed(item: tuple, failure: outbox.Failure, error: Exception) -> None:
        if failure is outbox.Failure.HARD:
            Delivery.objects.filter(pk__in=ids(item), claim=holder).update(
                state=State.BOUNCED, claim=None, claimed_until=None, error=outbox.describe(error)
            )
            count_bounce(item[0].pk)
        else:
            for pk in ids(item):
                soft_failure(Delivery, pk, holder, error)

    try:
        send_batch(
            [item for item in items if item[0].status == Subscriber.Status.ACTIVE],
            message_for=message_for,
            sent=sent,
            failed=failed,
            attempt=attempt,
            release=lambda retry_in: outbox.release(rows, holder=holder, retry_in=retry_in),
        )
    finally:
        outbox.release(rows, holder=holder)
        if delivered:
            Subscriber.objects.filter(pk__in=delivered, hard_bounces__gt=0).update(hard_bounces=0)
    return len(delivered)
