"""What the email tests share: a real SMTP server in the test process (aiosmtpd), subscribers, Celery switches."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from articles.alerts import topics
from articles.alerts.models import Frequency, Subscriber, Subscription
from cms.celery import app as celery_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """An SMTP server on 127.0.0.1 that keeps what it accepts. `refuse[address] = (code, text)` refuses a recipient;
    `stop()` closes the port (connections refused) and `start()` opens it again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.refuse: dict[str, tuple[int, str]] = {}
        self.on_data: Callable[[Any], None] | None = None
        self.on_rcpt: Callable[[str], None] | None = None
        self._changed = threading.Condition()
        self._controller: Controller | None = None

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.on_rcpt is not None:
            self.on_rcpt(address)
        if address in self.refuse:
            code, text = self.refuse[address]
            return f"{code} {text}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.on_data is not None:
            self.on_data(envelope)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()
        return "250 Message accepted"

    def start(self) -> SmtpServer:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, condition: Callable[[list[EmailMessage]], bool], timeout: float = 30, what: str = "") -> None:
        """Waits until `condition(messages)` holds (checked at each accepted message)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(self.messages):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what or 'emails'}: {len(self.messages)} received")
                self._changed.wait(min(left, 0.5))

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]

    def settings(self) -> dict[str, Any]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_TIMEOUT": 10,
        }


def wait_until(condition: Callable[[], Any], timeout: float = 30, what: str = "the condition") -> Any:
    """Polls `condition` (a database read, a process state) until it is true; no fixed sleeps."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        threading.Event().wait(delay)
        delay = min(delay * 1.5, 0.25)


def subscribe(
    address: str, *, kind: topics.TopicKind = topics.ALL, obj: Any = None, frequency: str = Frequency.IMMEDIATE
) -> Subscription:
    """A confirmed subscription, as the confirmation link leaves it."""
    subscriber, _ = Subscriber.objects.get_or_create(email=address)
    fields = {kind.field: obj} if kind.field else {}
    return Subscription.objects.create(
        subscriber=subscriber, kind=kind.key, topic_key=topics.topic_key(kind, obj), frequency=frequency, **fields
    )


class EagerTasks:
    """Celery tasks run in the calling thread (for unit tests; the worker tests run a real worker)."""

    def __enter__(self) -> EagerTasks:
        self._saved = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_eager_propagates = True
        return self

    def __exit__(self, *exc: object) -> None:
        celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = self._saved


def approve_now(article, approver, **kwargs: Any):
    """An approval as the admin's button takes it, its on-commit work included."""
    from articles.newsroom import services

    return services.approve(article=article, by=approver, **kwargs)
