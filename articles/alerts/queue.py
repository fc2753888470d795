"""Handing work to the task queue. The queue only speeds things up: the database records what must be sent and the
sweep (tasks.sweep) finds whatever a message lost on the way left undone, so a broker that is down never fails the
edit, approval or form that queued the work."""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(name: str, *args: Any, countdown: float | None = None) -> bool:
    """Queue the task `name` of articles/alerts/tasks.py with `args` now; False (and a warning in the log) when the
    broker cannot be reached. Tasks are named, not imported: tasks.py imports the modules that queue work."""
    task = current_app.tasks[f"articles.alerts.tasks.{name}"]
    try:
        # No publishing retries: a request waits at most the connect timeout (CELERY_BROKER_CONNECT_TIMEOUT).
        task.apply_async(args=args, countdown=countdown, retry=False)
    except Exception as error:  # noqa: BLE001 - any broker failure (kombu, redis, socket) costs speed only
        logger.warning("task queue unreachable, %s left to the sweep: %s", task.name, error)
        return False
    return True


def enqueue_on_commit(name: str, *args: Any) -> None:
    """Queue once the current transaction commits (at once outside one), so the worker sees the rows."""
    transaction.on_commit(lambda: enqueue(name, *args))
