"""Celery tasks: thin wrappers that retry with backoff while the mail server is unavailable.

Every task may run twice or be lost (a worker dying, a broker restarting): the rows in the database say what is
left to send, and the sweep queues it again.
"""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task

from articles.alerts import announcements, outbox, sending, staff, subscriptions
from articles.alerts.sources import ARTICLES, DOCUMENTS, Source

# Retries are counted by the rows themselves; this only bounds one message's chain of retries (the sweep starts
# a new chain if the server is down longer than that).
MAX_RETRIES = 30


@shared_task(ignore_result=True)
def announce(article_id: int) -> None:
    """An article just became public: write its deliveries and queue their sending."""
    announcements.announce(article_id, ARTICLES)
    announcements.dispatch(article_id, ARTICLES)


@shared_task(ignore_result=True)
def announce_document(document_id: int) -> None:
    """A document of the register just became public: the same for the subscribers to its type."""
    announcements.announce(document_id, DOCUMENTS)
    announcements.dispatch(document_id, DOCUMENTS)


def _send_range(task: Any, source: Source, item_id: int, first_id: int, last_id: int) -> None:
    try:
        sending.send_range(
            source=source,
            item_id=item_id,
            first_id=first_id,
            last_id=last_id,
            holder=task.request.id,
            attempt=task.request.retries,
        )
    except outbox.ServerUnavailable as unavailable:
        raise task.retry(countdown=unavailable.retry_in, exc=unavailable) from unavailable


@shared_task(bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def send_alerts(self: Any, article_id: int, first_id: int, last_id: int) -> None:
    _send_range(self, ARTICLES, article_id, first_id, last_id)


@shared_task(bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def send_document_alerts(self: Any, document_id: int, first_id: int, last_id: int) -> None:
    _send_range(self, DOCUMENTS, document_id, first_id, last_id)


@shared_task(bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def send_digests(self: Any, first_subscriber: int, last_subscriber: int, boundary: str) -> None:
    try:
        sending.send_digest_range(
            first_subscriber=first_subscriber,
            last_subscriber=last_subscriber,
            boundary=datetime.datetime.fromisoformat(boundary),
            holder=self.request.id,
            attempt=self.request.retries,
        )
    except outbox.ServerUnavailable as unavailable:
        raise self.retry(countdown=unavailable.retry_in, exc=unavailable) from unavailable


@shared_task(bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def send_staff_notifications(self: Any) -> None:
    try:
        staff.send_pending(holder=self.request.id, attempt=self.request.retries)
    except outbox.ServerUnavailable as unavailable:
        raise self.retry(countdown=unavailable.retry_in, exc=unavailable) from unavailable


@shared_task(bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def send_confirmation(self: Any, email: str, token: str) -> None:
    try:
        subscriptions.send_confirmation_email(email=email, token=token)
    except outbox.ServerUnavailable as unavailable:
        raise self.retry(countdown=unavailable.retry_in, exc=unavailable) from unavailable


@shared_task(ignore_result=True)
def sweep() -> None:
    announcements.sweep()


def register() -> None:
    """Called by the app's ready(): importing this module registered the tasks with the Celery app, in the web
    processes too, where work is queued by name (articles/alerts/queue.py)."""
