"""Subscribing without an account: double opt-in, consent, rate limits, unsubscribing and erasure.

Nothing about an address is stored before its owner follows the confirmation link (valid 7 days): the link itself
carries the request. The form answers the same whether the address is known, new, over its limit or a bot's
(honeypot); only a client address sending too many requests is told so.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from articles.alerts import emails, outbox, queue, tokens, topics
from articles.alerts.models import (
    Consent,
    Delivery,
    Frequency,
    OutboxRow,
    SubscribeAttempt,
    Subscriber,
    Subscription,
)

logger = logging.getLogger(__name__)

CONFIRMATIONS_PER_DAY = 3
CONSENT_VERSION = "2026-12"
# Every wording ever shown stays here, so that a consent record names exactly what was agreed to.
CONSENT_WORDINGS = {
    "2025-01": (
        "Tôi đồng ý để Cổng thông tin Thành phố Hà Nội lưu và sử dụng địa chỉ thư điện tử của tôi chỉ để gửi thông "
        "cáo báo chí theo đăng ký này, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Tôi có thể hủy đăng "
        "ký và xóa toàn bộ dữ liệu của mình bất cứ lúc nào bằng liên kết trong mỗi thư."
    ),
    # Subscriptions to a type of document (the register): the purpose names documents too.
    "2026-12": (
        "Tôi đồng ý để Cổng thông tin Thành phố Hà Nội lưu và sử dụng địa chỉ thư điện tử của tôi chỉ để gửi thông "
        "cáo báo chí và văn bản theo đăng ký này, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Tôi có "
        "thể hủy đăng ký và xóa toàn bộ dữ liệu của mình bất cứ lúc nào bằng liên kết trong mỗi thư."
    ),
}
CONSENT_WORDING = CONSENT_WORDINGS[CONSENT_VERSION]


class TooManyRequests(Exception):
    """One client address sent more subscription requests than ALERTS_SUBSCRIBE_PER_ADDRESS_PER_HOUR."""


def normalize_email(email: str) -> str:
    """Lower case, the domain in its ASCII (IDNA) form: the address as stored and as written into emails."""
    local, _, domain = email.strip().rpartition("@")
    with contextlib.suppress(UnicodeError):  # not a valid IDNA name: the form's validator already had its say
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}".lower()


def _digest(kind: str, value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"alerts.{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _record(kind: str, value: str, window: datetime.timedelta) -> int:
    """Records one attempt and returns its rank among the attempts of the window (1 for the first)."""
    digest = _digest(kind, value)
    attempt = SubscribeAttempt.objects.create(kind=kind, digest=digest)
    since = timezone.now() - window
    return SubscribeAttempt.objects.filter(kind=kind, digest=digest, created_at__gte=since, pk__lte=attempt.pk).count()


@dataclass(frozen=True)
class Topic:
    kind: topics.TopicKind
    obj: Model | None

    @property
    def description(self) -> str:
        return topics.describe(self.kind, self.obj)

    @classmethod
    def find(cls, kind_key: str, *, slug: str | None = None, pk: int | None = None) -> Topic | None:
        kind = topics.KINDS.get(kind_key)
        if kind is None:
            return None
        model = kind.model()
        if model is None:
            return cls(kind, None)
        lookup: dict[str, object] = {"slug": slug} if slug is not None else {"pk": pk}
        obj = model._default_manager.filter(**lookup).first()
        return cls(kind, obj) if obj is not None else None


def request_subscription(*, email: str, topic: Topic, frequency: str, client: str | None, honeypot: str = "") -> None:
    """Sends a confirmation link unless the honeypot is filled or the address had 3 of them in the last 24 hours;
    raises TooManyRequests when the client address is over its hourly limit."""
    if client and _record(SubscribeAttempt.Kind.CLIENT, client, datetime.timedelta(hours=1)) > (
        settings.ALERTS_SUBSCRIBE_PER_ADDRESS_PER_HOUR
    ):
        raise TooManyRequests
    if honeypot:
        return
    email = normalize_email(email)
    if _record(SubscribeAttempt.Kind.EMAIL, email, datetime.timedelta(days=1)) > CONFIRMATIONS_PER_DAY:
        return
    token = tokens.confirmation_token(
        tokens.SubscriptionRequest(
            email=email,
            kind=topic.kind.key,
            object_id=topic.obj.pk if topic.obj is not None else None,
            frequency=frequency,
            wording_version=CONSENT_VERSION,
            requested_at=timezone.now().timestamp(),
            requested_from=client,
        )
    )
    if not queue.enqueue("send_confirmation", email, token):
        try:  # without a queue the reader still gets the link, a little later in the request
            send_confirmation_email(email=email, token=token)
        except outbox.ServerUnavailable as error:
            logger.warning("confirmation email not sent: %s", error)


def send_confirmation_email(*, email: str, token: str) -> None:
    request = tokens.read_confirmation(token)
    topic = Topic.find(request.kind, pk=request.object_id)
    if topic is None:
        return
    message = emails.confirmation(
        email=email, token=token, topic=topic.description, frequency_label=Frequency(request.frequency).label
    )
    try:
        message.send()
    except Exception as error:
        if outbox.classify(error) is not outbox.Failure.SERVER:
            logger.warning("confirmation refused by the mail server: %s", outbox.describe(error))
            return
        raise outbox.ServerUnavailable(outbox.describe(error), outbox.backoff(0)) from error


def confirm(*, token: str, client: str | None) -> tuple[Subscriber, Subscription]:
    """Follows a confirmation link: the subscriber and subscription exist from now on, with the consent recorded.
    Following it again changes nothing. Raises tokens.InvalidLink."""
    request = tokens.read_confirmation(token)
    topic = Topic.find(request.kind, pk=request.object_id)
    if topic is None:
        raise tokens.InvalidLink("Chủ đề bạn đăng ký không còn trên Cổng thông tin.")
    frequency = Frequency(request.frequency)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=request.email)
        if subscriber.status != Subscriber.Status.ACTIVE or subscriber.hard_bounces:
            # Following the link proves the mailbox works again.
            subscriber.status, subscriber.hard_bounces, subscriber.paused_at = Subscriber.Status.ACTIVE, 0, None
            subscriber.save(update_fields=["status", "hard_bounces", "paused_at"])
        key = topics.topic_key(topic.kind, topic.obj)
        fields = {topic.kind.field: topic.obj} if topic.kind.field else {}
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber, topic_key=key, defaults={"kind": topic.kind.key, "frequency": frequency, **fields}
        )
        changed = not created and subscription.frequency != frequency
        if changed:
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency"])
        if created or changed:
            Consent.objects.create(
                subscriber=subscriber,
                topic=topic.description,
                frequency=frequency,
                wording=CONSENT_WORDINGS.get(request.wording_version, CONSENT_WORDING),
                wording_version=request.wording_version,
                requested_at=datetime.datetime.fromtimestamp(request.requested_at, tz=datetime.UTC),
                requested_from=request.requested_from,
                confirmed_from=client,
            )
    return subscriber, subscription


def _cancel_pending(subscriber: Subscriber) -> None:
    Delivery.objects.filter(subscriber=subscriber, state=OutboxRow.State.PENDING).update(
        state=OutboxRow.State.CANCELLED, claim=None, claimed_until=None
    )


def remove_subscription(*, subscriber: Subscriber, subscription_id: int) -> bool:
    with transaction.atomic():
        removed, _ = Subscription.objects.filter(subscriber=subscriber, pk=subscription_id).delete()
        if not subscriber.subscriptions.exists():
            _cancel_pending(subscriber)
    return bool(removed)


def unsubscribe_all(*, subscriber: Subscriber) -> None:
    """Ends every subscription (RFC 8058 one-click and the manage page); the consent records stay as the proof of
    what was sent until the subscriber deletes their data."""
    with transaction.atomic():
        subscriber.subscriptions.all().delete()
        _cancel_pending(subscriber)


def delete_all_data(*, subscriber: Subscriber) -> None:
    """Erases the subscriber: address, subscriptions, consent records and the record of emails sent."""
    subscriber.delete()
