"""Release alerts: who gets an email for an article, exactly once, and what it says."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from articles.alerts import announcements, topics
from articles.alerts.models import Announcement, Delivery, Frequency, Subscriber
from articles.newsroom import services
from articles.newsroom.models import Article
from tests.alerts_helpers import EagerTasks, SmtpServer, subscribe
from tests.factories import make_agency, make_article, make_editor, make_official, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SmtpServer().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


@pytest.fixture
def eager():
    with EagerTasks():
        yield


def submitted(agency, **fields):
    writer = make_editor(f"writer{agency.pk}", roles=("writer",), agencies=(agency,), email="writer@example.com")
    article = make_article(status=Article.Status.DRAFT, agency=agency, created_by=writer, **fields)
    services.submit(article=article, by=writer)
    return article


def approver_of(agency):
    return make_editor(f"approver{agency.pk}", roles=("approver",), agencies=(agency,), email="duyet@example.com")


def test_each_subscriber_gets_one_email_however_many_subscriptions_match(
    smtp, eager, django_capture_on_commit_callbacks
):
    agency = make_agency("Sở Xây dựng", phone="024 3825 1234", email="baochi@soxaydung.hanoi.gov.vn")
    official, programme = make_official(), make_programme()
    subscribe("all@example.com")
    subscribe("many@example.com")
    subscribe("many@example.com", kind=topics.AGENCY, obj=agency)
    subscribe("many@example.com", kind=topics.OFFICIAL, obj=official)
    subscribe("many@example.com", kind=topics.PROGRAMME, obj=programme)
    subscribe("other-agency@example.com", kind=topics.AGENCY, obj=make_agency())
    article = submitted(agency, lead="Sáng nay, Sở công bố kế hoạch.", officials=[official], programmes=[programme])

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(article=article, by=approver_of(agency))

    assert sorted(message["To"] for message in smtp.messages if "Thông cáo" in message["Subject"]) == [
        "all@example.com",
        "many@example.com",
    ]
    assert Delivery.objects.filter(article=article, state="sent").count() == 2
    # The sweep, run again, finds nothing left to send.
    announcements.sweep()
    assert len([m for m in smtp.messages if "Thông cáo" in m["Subject"]]) == 2


def test_the_email_is_vietnamese_text_and_html_with_the_press_contact_and_one_click_unsubscribe(
    smtp, eager, django_capture_on_commit_callbacks, client
):
    agency = make_agency("Sở Xây dựng", phone="024 3825 1234", email="baochi@soxaydung.hanoi.gov.vn")
    subscribe("nhabao@example.com", kind=topics.AGENCY, obj=agency)
    article = submitted(agency, title="Khởi công cầu Trần Hưng Đạo", lead="Cầu dài 2,4 km & rộng 35 m.")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(article=article, by=approver_of(agency))

    (message,) = smtp.to("nhabao@example.com")
    assert message["Subject"].strip() == "Thông cáo báo chí: Khởi công cầu Trần Hưng Đạo"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Khởi công cầu Trần Hưng Đạo" in part
        assert "Sở Xây dựng" in part
        assert "024 3825 1234" in part and "baochi@soxaydung.hanoi.gov.vn" in part
        assert "http://testserver" not in part
        assert article.get_absolute_url() in part
    assert "Cầu dài 2,4 km & rộng 35 m." in text
    assert "Cầu dài 2,4 km &amp; rộng 35 m." in html
    # No pictures at all, hence no tracking pixel and nothing fetched from elsewhere.
    assert "<img" not in html.lower() and "url(" not in html.lower() and "<link" not in html.lower()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"]).group(1)
    assert unsubscribe_url in text and unsubscribe_url in html
    manage = re.search(r"(https?://\S+/nhan-tin/quan-ly/\S+/)", text).group(1)
    assert manage in html

    # RFC 8058: a POST without cookies or CSRF token ends the subscriptions.
    client.handler.enforce_csrf_checks = True
    path = unsubscribe_url.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscriber.objects.get(email="nhabao@example.com").subscriptions.exists()
    assert client.get("/" + manage.split("://", 1)[1].split("/", 1)[1]).status_code == 200


def test_an_article_withdrawn_before_its_emails_went_out_is_not_sent(smtp, eager):
    agency = make_agency()
    subscribe("a@example.com")
    article = submitted(agency)
    approver = approver_of(agency)
    # Approved while no worker runs: the deliveries are written, nothing sent yet.
    services.approve(article=article, by=approver)
    assert announcements.announce(article.pk) == 1
    services.withdraw(article=Article.objects.get(pk=article.pk), by=approver, reason="Sai số liệu")
    announcements.sweep()
    assert [m for m in smtp.messages if "Thông cáo" in m["Subject"]] == []
    assert Delivery.objects.get(article=article).state == "cancelled"


def test_a_scheduled_article_is_announced_by_the_sweep_at_its_minute(smtp, eager, django_capture_on_commit_callbacks):
    agency = make_agency()
    subscribe("a@example.com")
    article = submitted(agency)
    at = (timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(article=article, by=approver_of(agency), publish_at=at)
    announcements.sweep()
    assert not Announcement.objects.filter(article=article).exists()
    with time_machine.travel(at - datetime.timedelta(seconds=1)):
        announcements.sweep()
    assert [m for m in smtp.messages if "Thông cáo" in m["Subject"]] == []
    with time_machine.travel(at + datetime.timedelta(seconds=2)):
        announcements.sweep()
    assert [m["To"] for m in smtp.messages if "Thông cáo" in m["Subject"]] == ["a@example.com"]


def test_imported_and_old_articles_are_never_announced(smtp, eager):
    subscribe("a@example.com")
    make_article(legacy_id="cu-1")
    make_article(published_at=timezone.now() - datetime.timedelta(days=30))
    announcements.sweep()
    assert Announcement.objects.count() == 0 and smtp.messages == []


def test_the_daily_digest_goes_at_17_hanoi_with_every_article_of_the_day_once(smtp, eager):
    hanoi = timezone.get_current_timezone()
    morning = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=hanoi)
    agency = make_agency()
    subscribe("digest@example.com", frequency=Frequency.DAILY)
    subscribe("digest@example.com", kind=topics.AGENCY, obj=agency, frequency=Frequency.DAILY)
    subscribe("now@example.com")
    with time_machine.travel(morning, tick=False):
        first = make_article(title="Bài sáng", agency=agency, published_at=morning - datetime.timedelta(minutes=5))
        second = make_article(title="Bài trưa", published_at=morning - datetime.timedelta(minutes=1))
        gone = make_article(title="Bài bị gỡ", published_at=morning - datetime.timedelta(minutes=2))
        announcements.sweep()
    assert sorted(m["To"] for m in smtp.messages) == ["now@example.com"] * 3
    Article.objects.filter(pk=gone.pk).update(status=Article.Status.WITHDRAWN)
    with time_machine.travel(morning.replace(hour=16, minute=59), tick=False):
        announcements.sweep()
    assert smtp.to("digest@example.com") == []
    with time_machine.travel(morning.replace(hour=17, minute=0, second=5), tick=False):
        announcements.sweep()
        announcements.sweep()
    (digest,) = smtp.to("digest@example.com")
    text = digest.get_body(("plain",)).get_content()
    assert "10/03/2025" in digest["Subject"]
    assert text.index(first.title) < text.index(second.title)
    assert gone.title not in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_hard_bounces_are_counted_and_the_third_pauses_the_address(smtp, eager):
    subscribe("gone@example.com")
    subscribe("fine@example.com")
    smtp.refuse["gone@example.com"] = (550, "5.1.1 No such user")
    for number in range(4):
        make_article(title=f"Bài {number}")
        announcements.sweep()
    gone = Subscriber.objects.get(email="gone@example.com")
    assert gone.status == Subscriber.Status.PAUSED and gone.hard_bounces == 3
    assert Delivery.objects.filter(subscriber=gone, state="bounced").count() == 3
    assert len(smtp.to("fine@example.com")) == 4 and smtp.to("gone@example.com") == []


def test_an_address_refused_for_now_is_tried_again_later(smtp, eager, settings):
    settings.ALERTS_RETRY_BASE_SECONDS = 60
    subscribe("full@example.com")
    smtp.refuse["full@example.com"] = (452, "4.2.2 Mailbox full")
    make_article()
    announcements.sweep()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    announcements.sweep()  # not due yet
    assert Delivery.objects.get().attempts == 1
    del smtp.refuse["full@example.com"]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        announcements.sweep()
    assert Delivery.objects.get().state == "sent"
    assert len(smtp.to("full@example.com")) == 1


def test_the_press_contact_is_the_agencys_spokesperson_of_today_where_known(smtp, eager):
    from tests.factories import make_spokesperson

    agency = make_agency("Sở Y tế", phone="024 3998 5765", email="soyte@hanoi.gov.vn")
    make_spokesperson(
        agency,
        make_official("Trần Thị Nhị Hà"),
        phone="0912 345 678",
        email="phatngon@soyte.hanoi.gov.vn",
        start_date=datetime.date(2020, 1, 1),
    )
    make_spokesperson(
        agency, phone="0987 654 321", start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2015, 1, 1)
    )
    subscribe("nhabao@example.com")
    make_article(agency=agency)
    announcements.sweep()
    (message,) = smtp.to("nhabao@example.com")
    for part in (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()):
        assert "Người phát ngôn – Sở Y tế: Trần Thị Nhị Hà, điện thoại 0912 345 678" in part
        assert "phatngon@soyte.hanoi.gov.vn" in part
        assert "0987 654 321" not in part and "024 3998 5765" not in part
