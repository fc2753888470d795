"""The emails: Vietnamese, plain text and HTML, no pictures, no tracking; links are signed per subscriber.

An article's (or a document's) alert is the same for all its subscribers but for the address, the Message-ID and the
two links, so it is built once per batch and copied with those four strings replaced (`AlertEmail`): building a MIME
message costs about 1.3 ms here, replacing bytes a few microseconds (see docs/alerts.md).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from articles.alerts import tokens
from articles.documents.models import Document
from articles.newsroom.models import Article
from articles.press.models import Spokesperson

# Longest line written into a message: shorter than SMTP's 998, so Django keeps the text as 8bit and the
# placeholders below stay whole.
MAX_LINE = 900
ADDRESS_SLOT = "to-placeholder@alerts.invalid"
MESSAGE_ID_SLOT = "message-id-placeholder@alerts.invalid"
UNSUBSCRIBE_SLOT = "https://alerts.invalid/unsubscribe-placeholder"
MANAGE_SLOT = "https://alerts.invalid/manage-placeholder"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def short_lines(text: str) -> str:
    """Breaks lines longer than MAX_LINE at spaces (HTML and plain text alike do not mind)."""
    lines = []
    for line in text.splitlines():
        if len(line) > MAX_LINE:
            lines.extend(textwrap.wrap(line, MAX_LINE, break_long_words=False, break_on_hyphens=False))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


TOKEN_SLOT = "token-placeholder"


@functools.cache
def _link_pattern(name: str, site_url: str) -> str:
    return site_url + reverse(name, kwargs={"token": TOKEN_SLOT})


def subscriber_links(subscriber_id: int, key: str) -> dict[str, str]:
    """The signed links of one subscriber (resolved once per process, then filled: thousands per batch)."""
    unsubscribe = tokens.unsubscribe_token(subscriber_id, key)
    manage = tokens.manage_token(subscriber_id, key)
    return {
        "unsubscribe_url": _link_pattern("alerts:unsubscribe", settings.SITE_URL).replace(TOKEN_SLOT, unsubscribe),
        "manage_url": _link_pattern("alerts:manage", settings.SITE_URL).replace(TOKEN_SLOT, manage),
    }


def list_headers(unsubscribe_url: str, message_id: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe (the link answers a POST without cookies) and RFC 2919's list name."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Thong cao bao chi <thong-cao.{mail_domain()}>",
        "Auto-Submitted": "auto-generated",
        "Message-ID": f"<{message_id}>",
    }


def _multipart(
    *, subject: str, template: str, context: dict[str, Any], to: Sequence[str], headers: dict[str, str], connection=None
) -> EmailMultiAlternatives:
    text = short_lines(render_to_string(f"alerts/email/{template}.txt", context))
    html = short_lines(render_to_string(f"alerts/email/{template}.html", context))
    message = EmailMultiAlternatives(subject=subject, body=text, to=list(to), headers=headers, connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def article_context(article: Article) -> dict[str, Any]:
    """What an email says about an article. The press contact is the agency's spokespersons of today,
    else the agency's own phone and email."""
    spokespersons = list(Spokesperson.objects.current().for_page().filter(agency_id=article.agency_id))
    return {
        "article": article,
        "agency": article.agency,
        "spokespersons": spokespersons,
        "link": absolute(article.get_absolute_url()),
    }


def document_context(document: Document) -> dict[str, Any]:
    """What an email says about a document of the register: its number and symbol, summary, issuing agency."""
    return {"document": document, "agency": document.agency, "link": absolute(document.get_absolute_url())}


# --- An article's (or a document's) alert -------------------------------------------------------------------------


class RawEmail(EmailMessage):
    """An email whose bytes are made already; Django's backends send it like any other."""

    def __init__(self, raw: bytes, *, to: str, connection=None) -> None:
        # The From header is in the bytes; the envelope needs only the bare address, which Django's backend
        # then parses without encoding a display name for every message.
        super().__init__(to=[to], from_email=parseaddr(settings.DEFAULT_FROM_EMAIL)[1], connection=connection)
        self.raw = raw

    def message(self) -> _Raw:
        return _Raw(self.raw)


class _Raw:
    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw if linesep == "\n" else self.raw.replace(b"\n", linesep.encode())

    def get_charset(self) -> None:
        return None


@dataclass(frozen=True)
class AlertEmail:
    """An article's or a document's alert built once, with slots for what differs between subscribers."""

    message_id: str  # "alert.<article id>" or "document.<document id>", completed with the subscriber's id
    subject: str
    template_name: str
    template: bytes | None  # None: a slot did not survive the encoding; each message is then built whole
    context: dict[str, Any]

    @classmethod
    def of(cls, item: Article | Document) -> AlertEmail:
        if isinstance(item, Document):
            message_id, subject, name = f"document.{item.pk}", f"Văn bản mới: {item.title}", "document"
            context = document_context(item)
        else:
            message_id, subject, name = f"alert.{item.pk}", f"Thông cáo báo chí: {item.title}", "article"
            context = article_context(item)
        context = {**context, "manage_url": MANAGE_SLOT, "unsubscribe_url": UNSUBSCRIBE_SLOT}
        message = cls._build(subject, name, context, ADDRESS_SLOT, MESSAGE_ID_SLOT, UNSUBSCRIBE_SLOT)
        raw: bytes | None = message.message().as_bytes()
        slots = (ADDRESS_SLOT, MESSAGE_ID_SLOT, UNSUBSCRIBE_SLOT, MANAGE_SLOT)
        if raw is not None and not all(slot.encode() in raw for slot in slots):
            raw = None
        return cls(message_id=message_id, subject=subject, template_name=name, template=raw, context=context)

    @staticmethod
    def _build(subject: str, name: str, context: dict[str, Any], to: str, message_id: str, unsubscribe_url: str):
        return _multipart(
            subject=subject,
            template=name,
            context=context,
            to=[to],
            headers=list_headers(unsubscribe_url, message_id),
        )

    def for_subscriber(self, *, subscriber_id: int, key: str, email: str, connection=None) -> EmailMessage:
        links = subscriber_links(subscriber_id, key)
        message_id = f"{self.message_id}.{subscriber_id}@{mail_domain()}"
        if self.template is None:
            context = {**self.context, **links}
            message = self._build(
                self.subject, self.template_name, context, email, message_id, links["unsubscribe_url"]
            )
            message.connection = connection
            return message
        raw = (
            self.template.replace(ADDRESS_SLOT.encode(), email.encode())
            .replace(MESSAGE_ID_SLOT.encode(), message_id.encode())
            .replace(UNSUBSCRIBE_SLOT.encode(), links["unsubscribe_url"].encode())
            .replace(MANAGE_SLOT.encode(), links["manage_url"].encode())
        )
        return RawEmail(raw, to=email, connection=connection)


# --- Daily digest, confirmation, staff ---------------------------------------------------------------------------


def digest(
    *,
    subscriber_id: int,
    key: str,
    email: str,
    articles: Sequence[Article],
    day: str,
    documents: Sequence[Document] = (),
    connection=None,
):
    links = subscriber_links(subscriber_id, key)
    message_id = f"digest.{day}.{subscriber_id}@{mail_domain()}"
    context = {
        "articles": [article_context(article) for article in articles],
        "documents": [document_context(document) for document in documents],
        "day": day,
        **links,
    }
    counts = [f"{len(articles)} bài"] if articles else []
    if documents:
        counts.append(f"{len(documents)} văn bản")
    return _multipart(
        subject=f"Bản tin thông cáo báo chí ngày {day} ({', '.join(counts)})",
        template="digest",
        context=context,
        to=[email],
        headers=list_headers(links["unsubscribe_url"], message_id),
        connection=connection,
    )


def confirmation(*, email: str, token: str, topic: str, frequency_label: str) -> EmailMultiAlternatives:
    link = absolute(reverse("alerts:confirm", kwargs={"token": token}))
    context = {"link": link, "topic": topic, "frequency": frequency_label, "days": tokens.CONFIRM_VALID_FOR.days}
    return _multipart(
        subject="Xác nhận đăng ký nhận thông cáo báo chí",
        template="confirm",
        context=context,
        to=[email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def staff_notification(*, kind: str, email: str, context: dict[str, Any], subject: str, connection=None):
    return _multipart(
        subject=subject,
        template="staff",
        context={**context, "kind": kind},
        to=[email],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )
