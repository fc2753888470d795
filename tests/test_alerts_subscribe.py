"""Subscribing without an account: double opt-in, consent, abuse limits, managing and erasing one's data."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.alerts import topics
from articles.alerts.models import Consent, Delivery, SubscribeAttempt, Subscriber, Subscription
from articles.alerts.subscriptions import CONSENT_VERSION, CONSENT_WORDING
from tests.alerts_helpers import EagerTasks, subscribe
from tests.factories import make_agency, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager():
    with EagerTasks():
        yield


def form(email="nhabao@example.com", **extra):
    return {"email": email, "frequency": "immediate", "consent": "on", "website": "", **extra}


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/nhan-tin/xac-nhan/\S+/)", message.body).group(1)


def request_and_confirm(client, email="nhabao@example.com", path=None, **extra):
    mail.outbox.clear()
    client.post(path or reverse("alerts:subscribe"), form(email, **extra), REMOTE_ADDR="203.0.113.7")
    return client.post(confirmation_path(mail.outbox[-1]), REMOTE_ADDR="198.51.100.9")


def test_nothing_is_stored_or_sent_before_the_link_in_the_confirmation_email_is_followed(client):
    agency = make_agency("Sở Y tế")
    response = client.post(
        reverse("alerts:subscribe_topic", args=["co-quan", agency.slug]), form(), REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302 and response["Location"] == reverse("alerts:sent")
    (message,) = mail.outbox
    assert message.to == ["nhabao@example.com"]
    assert "Xác nhận" in message.subject and "Sở Y tế" in message.body
    assert message.alternatives and "7 ngày" in message.body
    assert Subscriber.objects.count() == Subscription.objects.count() == 0
    # Only keyed hashes are kept for the rate limits, never the address itself.
    assert not any("nhabao" in digest for digest in SubscribeAttempt.objects.values_list("digest", flat=True))
    make_article(agency=agency)
    from articles.alerts import announcements

    announcements.sweep()
    assert Delivery.objects.count() == 0

    confirm = confirmation_path(message)
    page = client.get(confirm)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and "Xác nhận đăng ký" in page.content.decode()
    assert Subscriber.objects.count() == 0
    done = client.post(confirm, REMOTE_ADDR="198.51.100.9")
    assert done.status_code == 200 and "Đã xác nhận" in done.content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.subscriber.email, subscription.kind, subscription.agency) == (
        "nhabao@example.com",
        topics.AGENCY.key,
        agency,
    )
    consent = Consent.objects.get()
    assert consent.wording == CONSENT_WORDING and consent.wording_version == CONSENT_VERSION
    assert (consent.requested_from, consent.confirmed_from) == ("203.0.113.7", "198.51.100.9")
    assert consent.requested_at <= consent.confirmed_at <= timezone.now()
    assert "Sở Y tế" in consent.topic
    # Following the link again changes nothing.
    client.post(confirm)
    assert Subscription.objects.count() == Consent.objects.count() == 1


def test_the_confirmation_link_works_for_7_days_only_and_cannot_be_forged(client):
    client.post(reverse("alerts:subscribe"), form())
    path = confirmation_path(mail.outbox[-1])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        expired = client.post(path)
    assert expired.status_code == 400 and "hết hạn" in expired.content.decode()
    assert Subscriber.objects.count() == 0
    forged = client.post(path.replace("xac-nhan/", "xac-nhan/x"))
    assert forged.status_code == 400 and Subscriber.objects.count() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert client.post(path).status_code == 200
    assert Subscriber.objects.count() == 1


def test_a_filled_honeypot_gets_the_same_answer_and_no_email(client):
    response = client.post(reverse("alerts:subscribe"), form(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == reverse("alerts:sent")
    assert mail.outbox == []


def test_no_address_gets_more_than_3_confirmation_emails_a_day_and_the_answer_does_not_change(client):
    answers = []
    for number in range(5):
        response = client.post(reverse("alerts:subscribe"), form(), REMOTE_ADDR=f"203.0.113.{number}")
        answers.append((response.status_code, response["Location"]))
    assert len(mail.outbox) == 3
    assert len(set(answers)) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        client.post(reverse("alerts:subscribe"), form(), REMOTE_ADDR="203.0.113.99")
    assert len(mail.outbox) == 4


def test_one_client_address_is_limited_per_hour(client, settings):
    settings.ALERTS_SUBSCRIBE_PER_ADDRESS_PER_HOUR = 4
    statuses = [client.post(reverse("alerts:subscribe"), form(f"nguoi{n}@example.com")).status_code for n in range(6)]
    assert statuses == [302] * 4 + [429] * 2
    assert len(mail.outbox) == 4
    assert "Quá nhiều yêu cầu" in client.post(reverse("alerts:subscribe"), form()).content.decode()
    assert client.post(reverse("alerts:subscribe"), form(), REMOTE_ADDR="192.0.2.1").status_code == 302


def test_the_answer_is_the_same_whether_the_address_is_known_or_not(client):
    subscribe("known@example.com")
    known = client.post(reverse("alerts:subscribe"), form("known@example.com"), follow=True)
    unknown = client.post(reverse("alerts:subscribe"), form("new@example.com"), follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(known.content.decode()) == strip(unknown.content.decode())
    assert sorted(message.to[0] for message in mail.outbox) == ["known@example.com", "new@example.com"]


def test_bad_input_gets_clear_vietnamese_messages_and_nothing_is_sent(client):
    response = client.post(reverse("alerts:subscribe"), {"email": "khong-phai-thu", "frequency": "immediate"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Địa chỉ thư điện tử chưa đúng" in html and "Hãy đánh dấu ô đồng ý" in html
    assert mail.outbox == []


def test_every_topic_kind_has_its_page_and_an_unknown_one_is_404(client):
    agency, official, programme = make_agency(), make_official(), make_programme()
    for kind, obj in (("co-quan", agency), ("can-bo", official), ("chuong-trinh", programme)):
        response = client.get(reverse("alerts:subscribe_topic", args=[kind, obj.slug]))
        assert response.status_code == 200 and str(obj) in response.content.decode()
    assert client.get(reverse("alerts:subscribe_topic", args=["co-quan", "khong-co"])).status_code == 404
    assert client.get(reverse("alerts:subscribe_topic", args=["khong-co", agency.slug])).status_code == 404
    # The pages of agencies, officials and programmes link to their subscription.
    assert (
        reverse("alerts:subscribe_topic", args=["co-quan", agency.slug])
        in client.get(agency.get_absolute_url()).content.decode()
    )


def test_a_subscriber_manages_and_erases_their_data_from_the_signed_link(client):
    agency = make_agency("Sở Tài chính")
    request_and_confirm(client)
    confirmed = request_and_confirm(client, path=reverse("alerts:subscribe_topic", args=["co-quan", agency.slug]))
    subscriber = Subscriber.objects.get()
    from articles.alerts import announcements

    announcements.announce(make_article().pk)
    manage = re.search(r'href="(/nhan-tin/quan-ly/[^"]+/)"', confirmed.content.decode()).group(1)
    page = client.get(manage)
    html = page.content.decode()
    assert page.status_code == 200 and page["X-Robots-Tag"].startswith("noindex")
    assert "Sở Tài chính" in html and "Tất cả thông cáo" in html and "203.0.113.7" in html

    agency_subscription = Subscription.objects.get(kind="co-quan")
    client.post(manage, {"action": "remove", "subscription": agency_subscription.pk})
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["tat-ca"]
    client.post(manage, {"action": "unsubscribe"})
    assert Subscription.objects.count() == 0 and Subscriber.objects.count() == 1
    assert Delivery.objects.get().state == "cancelled"

    erased = client.post(manage, {"action": "delete"})
    assert erased.status_code == 200 and "Đã xóa toàn bộ dữ liệu" in erased.content.decode()
    assert Subscriber.objects.count() == Consent.objects.count() == Delivery.objects.count() == 0
    assert client.get(manage).status_code == 400
    # A new subscription later gets new links; the old ones stay dead.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        request_and_confirm(client)
    assert Subscriber.objects.get().pk != subscriber.pk and client.get(manage).status_code == 400


def test_opening_the_unsubscribe_link_asks_before_it_unsubscribes(client):
    request_and_confirm(client)
    subscriber = Subscriber.objects.get()
    from articles.alerts import tokens

    path = reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscriber.pk, subscriber.key)])
    page = client.get(path)
    assert page.status_code == 200 and "Hủy mọi đăng ký" in page.content.decode()
    assert Subscription.objects.count() == 1
    client.post(path, {"List-Unsubscribe": "One-Click"})
    assert Subscription.objects.count() == 0


def test_the_pages_are_never_cached_and_stay_within_the_query_budget(client):
    request_and_confirm(client)
    subscriber = Subscriber.objects.get()
    from articles.alerts import tokens

    client.post(reverse("alerts:subscribe"), form("other@example.com"))
    pages = [
        reverse("alerts:subscribe"),
        reverse("alerts:subscribe_topic", args=["co-quan", make_agency().slug]),
        reverse("alerts:sent"),
        confirmation_path(mail.outbox[-1]),
        reverse("alerts:manage", args=[tokens.manage_token(subscriber.pk, subscriber.key)]),
        reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscriber.pk, subscriber.key)]),
    ]
    for path in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], path
        assert len(queries) <= 8, (path, [q["sql"] for q in queries])
