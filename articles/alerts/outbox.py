"""Rows waiting to be emailed (deliveries, staff notifications): claiming them, and what an SMTP error means.

A row is *queued* while `claimed_until` is set without a `claim` (a task for it sits in the queue), *held* while a
task's id is in `claim` (until `claimed_until`), and *free* otherwise. The sweep queues free rows that are due; a
task takes free or queued rows, and rows held under its own id (the same task handed out again after its worker
died), so a lost message or a dead worker delays emails by at most ALERTS_QUEUED_SECONDS or ALERTS_CLAIM_SECONDS.
"""

from __future__ import annotations

import datetime
import random
import smtplib
from enum import Enum

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from articles.alerts.models import OutboxRow

PENDING = OutboxRow.State.PENDING


class Failure(Enum):
    HARD = "hard"  # the address is refused for good (5xx): counted as a bounce, never retried
    SOFT = "soft"  # this address, not now (4xx): retried later with backoff
    SERVER = "server"  # the server cannot be reached or refuses everything: the whole batch waits


class ServerUnavailable(Exception):
    """The mail server cannot take emails now; the task should retry after `retry_in` seconds."""

    def __init__(self, message: str, retry_in: float) -> None:
        super().__init__(message)
        self.retry_in = retry_in


def backoff(attempt: int) -> float:
    """Seconds before try number `attempt + 1`: doubling from ALERTS_RETRY_BASE_SECONDS, capped, with jitter."""
    delay = min(settings.ALERTS_RETRY_BASE_SECONDS * 2**attempt, settings.ALERTS_RETRY_MAX_SECONDS)
    return delay * random.uniform(0.8, 1.2)  # spreads retries; not a secret


def classify(error: Exception) -> Failure:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return Failure.HARD if codes and min(codes) >= 500 else Failure.SOFT
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPConnectError | smtplib.SMTPHeloError):
        return Failure.SERVER  # our side or the server's, not the subscriber's fault
    if isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPNotSupportedError):
        return Failure.SERVER
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == 421:  # the server is closing the connection
            return Failure.SERVER
        return Failure.HARD if error.smtp_code >= 500 else Failure.SOFT
    return Failure.SERVER  # disconnected, refused, timed out: the wire, not the address


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def free() -> Q:
    return Q(claim__isnull=True) | Q(claimed_until__lt=timezone.now())


def unqueued() -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=timezone.now())


def due() -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())


def ready(rows: QuerySet) -> QuerySet:
    """Pending rows the sweep may queue: due, and neither queued nor held."""
    return rows.filter(due(), unqueued(), state=PENDING)


def mark_queued(rows: QuerySet) -> int:
    until = timezone.now() + datetime.timedelta(seconds=settings.ALERTS_QUEUED_SECONDS)
    return ready(rows).update(claim=None, claimed_until=until)


def claim(rows: QuerySet, *, holder: str) -> int:
    """Holds the pending, due rows of `rows` that are free, queued or already ours, for ALERTS_CLAIM_SECONDS.

    One UPDATE: of two tasks reaching for the same rows, each row goes to one of them.
    """
    until = timezone.now() + datetime.timedelta(seconds=settings.ALERTS_CLAIM_SECONDS)
    return rows.filter(free() | Q(claim=holder), due(), state=PENDING).update(claim=holder, claimed_until=until)


def release(rows: QuerySet, *, holder: str, retry_in: float | None = None) -> int:
    """Gives back the rows still held by `holder`: free at once, or queued until `retry_in` seconds from now
    (the task's own retry will take them; the sweep only if that retry never comes)."""
    if retry_in is None:
        return rows.filter(claim=holder, state=PENDING).update(claim=None, claimed_until=None)
    when = timezone.now() + datetime.timedelta(seconds=retry_in)
    grace = datetime.timedelta(seconds=settings.ALERTS_QUEUED_SECONDS)
    return rows.filter(claim=holder, state=PENDING).update(claim=None, claimed_until=when + grace, next_attempt_at=when)


def deadline_passed(started: float, now: float) -> bool:
    """A task stops sending well before its claim ends, so no other task can take a row it is still sending."""
    return now - started > settings.ALERTS_CLAIM_SECONDS * 0.8
