"""Signed links: confirming a subscription (valid 7 days), managing one's subscriptions and unsubscribing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing

from articles.alerts.models import Subscriber

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
CONFIRM_VALID_FOR = datetime.timedelta(days=7)


class InvalidLink(Exception):
    """A link that is forged, expired, or whose subscriber no longer exists; the message is for the reader."""


@dataclass(frozen=True)
class SubscriptionRequest:
    """What a confirmation link carries: nothing is stored until it is followed."""

    email: str
    kind: str
    object_id: int | None
    frequency: str
    wording_version: str
    requested_at: float  # seconds since the epoch
    requested_from: str | None


def confirmation_token(request: SubscriptionRequest) -> str:
    payload = {
        "e": request.email,
        "k": request.kind,
        "o": request.object_id,
        "f": request.frequency,
        "w": request.wording_version,
        "t": request.requested_at,
        "ip": request.requested_from,
    }
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> SubscriptionRequest:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_VALID_FOR)
    except signing.SignatureExpired as error:
        raise InvalidLink(
            "Liên kết xác nhận đã hết hạn (liên kết chỉ dùng được trong 7 ngày). Hãy đăng ký lại để nhận liên kết mới."
        ) from error
    except signing.BadSignature as error:
        raise InvalidLink("Liên kết xác nhận không hợp lệ. Hãy kiểm tra lại hoặc đăng ký lại.") from error
    return SubscriptionRequest(
        email=payload["e"],
        kind=payload["k"],
        object_id=payload["o"],
        frequency=payload["f"],
        wording_version=payload["w"],
        requested_at=payload["t"],
        requested_from=payload["ip"],
    )


def _subscriber_token(subscriber_id: int, key: str, salt: str) -> str:
    return signing.Signer(salt=salt).sign(f"{subscriber_id}.{key}")


def manage_token(subscriber_id: int, key: str) -> str:
    return _subscriber_token(subscriber_id, key, MANAGE_SALT)


def unsubscribe_token(subscriber_id: int, key: str) -> str:
    return _subscriber_token(subscriber_id, key, UNSUBSCRIBE_SALT)


def _subscriber_of(token: str, salt: str) -> Subscriber:
    try:
        value = signing.Signer(salt=salt).unsign(token)
        pk, key = value.split(".", 1)
        return Subscriber.objects.get(pk=int(pk), key=key)
    except (signing.BadSignature, ValueError, Subscriber.DoesNotExist) as error:
        raise InvalidLink(
            "Liên kết không hợp lệ hoặc đăng ký đã bị xóa. Nếu bạn vẫn nhận thư, hãy dùng liên kết trong thư mới nhất."
        ) from error


def subscriber_for_manage(token: str) -> Subscriber:
    return _subscriber_of(token, MANAGE_SALT)


def subscriber_for_unsubscribe(token: str) -> Subscriber:
    return _subscriber_of(token, UNSUBSCRIBE_SALT)
