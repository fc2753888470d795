"""Subscribing to a section, an article type or a document type (issue 19, after issues 15 and 16): the links on
their pages, confirming, and exactly one email per subscriber for an article or a document of the register."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.alerts import announcements, sending, tokens, topics
from articles.alerts.models import Announcement, Delivery, Frequency, Subscriber, Subscription
from articles.alerts.sources import DOCUMENTS
from articles.documents import services as document_services
from articles.documents.models import Document
from articles.newsroom import services
from articles.newsroom.models import Article, ArticleType, Section
from tests.alerts_helpers import EagerTasks, SmtpServer, subscribe
from tests.factories import document_type, make_agency, make_article, make_document, make_editor, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SmtpServer().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def eager():
    with EagerTasks():
        yield


def alerts(smtp, marker: str = "Thông cáo") -> list:
    return [message for message in smtp.messages if marker in message["Subject"]]


def request_subscription(client, kind: str, slug: str, email: str) -> None:
    form = {"email": email, "frequency": "immediate", "consent": "on", "website": ""}
    response = client.post(reverse("alerts:subscribe_topic", args=[kind, slug]), form, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302


def confirm_last(client, smtp, email: str) -> None:
    message = [m for m in smtp.to(email) if "Xác nhận" in m["Subject"]][-1]
    text = message.get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/nhan-tin/xac-nhan/\S+/)", text).group(1)
    assert client.post(path, REMOTE_ADDR="198.51.100.9").status_code == 200


def approve_article(agency, django_capture_on_commit_callbacks, *, sections=(), **fields) -> Article:
    writer = make_editor("viet-bai", roles=("writer",), agencies=(agency,))
    approver = make_editor("duyet-bai", roles=("approver",), agencies=(agency,))
    article = make_article(status=Article.Status.DRAFT, agency=agency, created_by=writer, **fields)
    article.sections.set(sections)
    services.submit(article=article, by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(article=article, by=approver)
    return article


def submitted_document(agency, number: str = "1234/QĐ-UBND", **fields) -> tuple[Document, object]:
    """A document of `agency` sent for review, and an approver who may publish it."""
    writer = make_editor(f"viet-{number}", roles=("writer",), agencies=(agency,))
    approver = make_editor(f"duyet-{number}", roles=("approver",), agencies=(agency,))
    document = make_document(number, agency=agency, status=Document.Status.DRAFT, **fields)
    document_services.attach_file(document=document, upload=SimpleUploadedFile("qd.pdf", pdf_bytes()))
    document_services.submit(document=document, by=writer)
    return document, approver


# --- the links -----------------------------------------------------------------------------------------------------


def test_the_section_article_type_and_filtered_documents_pages_link_to_their_subscription(client):
    section = Section.objects.create(name="Kinh tế")
    article_type = ArticleType.objects.create(name="Tin thử nghiệm")
    decisions = document_type("QĐ")
    make_article(article_type=article_type).sections.add(section)
    pages = [
        (section.get_absolute_url(), reverse("alerts:subscribe_topic", args=["chuyen-muc", section.slug])),
        (article_type.get_absolute_url(), reverse("alerts:subscribe_topic", args=["loai-tin", article_type.slug])),
        (
            reverse("documents:list") + f"?loai={decisions.slug}",
            reverse("alerts:subscribe_topic", args=["loai-van-ban", decisions.slug]),
        ),
    ]
    for page, subscribe_url in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert subscribe_url in response.content.decode(), page
        topic = client.get(subscribe_url)
        assert topic.status_code == 200 and topic.context["topic"].obj.slug in subscribe_url
    assert "loai-van-ban" not in client.get(reverse("documents:list")).content.decode()
    assert client.get(reverse("alerts:subscribe_topic", args=["loai-van-ban", "khong-co"])).status_code == 404


# --- sections and article types --------------------------------------------------------------------------------


def test_section_and_article_type_subscribers_confirm_and_get_exactly_one_email(
    client, smtp, django_capture_on_commit_callbacks
):
    economy, city = Section.objects.create(name="Kinh tế"), Section.objects.create(name="Đô thị")
    culture = Section.objects.create(name="Văn hóa")
    activity = ArticleType.objects.create(name="Tin thử nghiệm")
    request_subscription(client, "chuyen-muc", economy.slug, "kinhte@example.com")
    confirm_last(client, smtp, "kinhte@example.com")
    request_subscription(client, "loai-tin", activity.slug, "loaitin@example.com")
    confirm_last(client, smtp, "loaitin@example.com")
    # Three subscriptions of one address match the article: still one email.
    for topic in (economy, city):
        request_subscription(client, "chuyen-muc", topic.slug, "nhieu@example.com")
        confirm_last(client, smtp, "nhieu@example.com")
    request_subscription(client, "loai-tin", activity.slug, "nhieu@example.com")
    confirm_last(client, smtp, "nhieu@example.com")
    request_subscription(client, "chuyen-muc", economy.slug, "chuaxacnhan@example.com")  # never confirmed
    subscribe("vanhoa@example.com", kind=topics.SECTION, obj=culture)
    assert Subscription.objects.filter(subscriber__email="nhieu@example.com").count() == 3

    article = approve_article(
        make_agency(), django_capture_on_commit_callbacks, sections=[economy, city], article_type=activity
    )

    assert sorted(message["To"] for message in alerts(smtp)) == [
        "kinhte@example.com",
        "loaitin@example.com",
        "nhieu@example.com",
    ]
    assert Delivery.objects.filter(article=article, state="sent").count() == 3
    announcements.sweep()
    assert len(alerts(smtp)) == 3


# --- document types ----------------------------------------------------------------------------------------------


def test_a_document_type_subscriber_gets_one_email_when_a_document_of_that_type_is_published(
    client, smtp, django_capture_on_commit_callbacks
):
    decisions, plans = document_type("QĐ"), document_type("KH")
    request_subscription(client, "loai-van-ban", decisions.slug, "quyetdinh@example.com")
    confirm_last(client, smtp, "quyetdinh@example.com")
    # An every-release subscription is for press releases: it adds no second email, and none on its own.
    subscribe("quyetdinh@example.com")
    subscribe("tatca@example.com")
    subscribe("kehoach@example.com", kind=topics.DOCUMENT_TYPE, obj=plans)
    request_subscription(client, "loai-van-ban", decisions.slug, "chuaxacnhan@example.com")  # never confirmed
    agency = make_agency("Ủy ban nhân dân Thành phố", phone="024 3825 3536")
    document, approver = submitted_document(agency, "1234/QĐ-UBND", summary="Về việc ban hành Quy chế A & B")

    with django_capture_on_commit_callbacks(execute=True):
        document_services.approve(document=document, by=approver)

    (message,) = alerts(smtp, "Văn bản")
    assert message["To"] == "quyetdinh@example.com"
    assert message["Subject"].strip() == "Văn bản mới: Quyết định số 1234/QĐ-UBND"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "1234/QĐ-UBND" in part
        assert "Ủy ban nhân dân Thành phố" in part
        assert "http://testserver" not in part and document.get_absolute_url() in part
    assert "Trích yếu: Về việc ban hành Quy chế A & B" in text
    assert "Về việc ban hành Quy chế A &amp; B" in html
    assert "<img" not in html.lower()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"]).group(1)
    assert unsubscribe_url in text and unsubscribe_url in html
    subscriber = Subscriber.objects.get(email="quyetdinh@example.com")
    assert unsubscribe_url.endswith(
        reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscriber.pk, subscriber.key)])
    )
    # The database records the one email; the sweep, the announcement or a task handed out again add nothing.
    delivery = Delivery.objects.get()
    assert (delivery.document_id, delivery.article_id, delivery.state) == (document.pk, None, "sent")
    assert announcements.announce(document.pk, DOCUMENTS) is None
    announcements.sweep()
    retried = sending.send_range(
        source=DOCUMENTS, item_id=document.pk, first_id=delivery.pk, last_id=delivery.pk, holder="the-same-task"
    )
    assert retried == 0 and len(alerts(smtp, "Văn bản")) == 1


def test_a_document_withdrawn_before_its_email_went_out_is_not_sent(smtp):
    decisions = document_type("QĐ")
    subscribe("a@example.com", kind=topics.DOCUMENT_TYPE, obj=decisions)
    agency = make_agency()
    document, approver = submitted_document(agency)
    # Approved while no worker runs (the on-commit task never ran): the delivery is written, nothing sent yet.
    document_services.approve(document=document, by=approver)
    assert announcements.announce(document.pk, DOCUMENTS) == 1
    document_services.withdraw(document=Document.objects.get(pk=document.pk), by=approver, reason="Đăng nhầm tệp.")
    delivery = Delivery.objects.get()
    assert (
        sending.send_range(
            source=DOCUMENTS, item_id=document.pk, first_id=delivery.pk, last_id=delivery.pk, holder="late-task"
        )
        == 0
    )
    announcements.sweep()
    assert alerts(smtp, "Văn bản") == []
    assert Delivery.objects.get().state == "cancelled"


def test_the_sweep_announces_a_document_published_without_the_trigger_and_never_old_ones(smtp):
    decisions = document_type("QĐ")
    subscribe("a@example.com", kind=topics.DOCUMENT_TYPE, obj=decisions)
    make_document("7/QĐ-UBND", published_at=timezone.now() - datetime.timedelta(days=3))  # the archive
    make_document("8/KH-UBND")  # another type
    fresh = make_document("9/QĐ-UBND")  # published directly, no workflow step, no task
    assert Delivery.objects.count() == 0
    report = announcements.sweep()
    assert ("document", fresh.pk) in report.announced
    subjects = [message["Subject"].strip() for message in alerts(smtp, "Văn bản")]
    assert subjects == ["Văn bản mới: Quyết định số 9/QĐ-UBND"]
    announcements.sweep()
    assert len(alerts(smtp, "Văn bản")) == 1


def test_a_document_scheduled_for_later_is_announced_at_its_minute(smtp, django_capture_on_commit_callbacks):
    subscribe("a@example.com", kind=topics.DOCUMENT_TYPE, obj=document_type("QĐ"))
    document, approver = submitted_document(make_agency())
    at = (timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        document_services.approve(document=document, by=approver, publish_at=at)
    announcements.sweep()
    assert alerts(smtp, "Văn bản") == [] and not Announcement.objects.filter(document=document).exists()
    with time_machine.travel(at + datetime.timedelta(seconds=2)):
        announcements.sweep()
    assert [message["To"] for message in alerts(smtp, "Văn bản")] == ["a@example.com"]


def test_the_daily_digest_lists_the_documents_of_the_day_beside_the_articles(smtp):
    hanoi = timezone.get_current_timezone()
    morning = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=hanoi)
    subscribe("digest@example.com", frequency=Frequency.DAILY)
    subscribe("digest@example.com", kind=topics.DOCUMENT_TYPE, obj=document_type("QĐ"), frequency=Frequency.DAILY)
    with time_machine.travel(morning, tick=False):
        article = make_article(title="Bài sáng", published_at=morning - datetime.timedelta(minutes=5))
        document = make_document("12/QĐ-UBND", published_at=morning - datetime.timedelta(minutes=3))
        announcements.sweep()
    with time_machine.travel(morning.replace(hour=17, minute=0, second=5), tick=False):
        announcements.sweep()
        announcements.sweep()
    (digest,) = smtp.to("digest@example.com")
    assert "(1 bài, 1 văn bản)" in digest["Subject"]
    text = digest.get_body(("plain",)).get_content()
    assert article.title in text and document.title in text and document.summary in text
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


# --- managing ------------------------------------------------------------------------------------------------------


def test_the_manage_page_lists_the_new_topics(client):
    section = Section.objects.create(name="Kinh tế")
    article_type = ArticleType.objects.create(name="Tin thử nghiệm")
    subscription = subscribe("a@example.com", kind=topics.SECTION, obj=section)
    subscribe("a@example.com", kind=topics.ARTICLE_TYPE, obj=article_type)
    subscribe("a@example.com", kind=topics.DOCUMENT_TYPE, obj=document_type("QĐ"))
    subscriber = subscription.subscriber
    page = client.get(reverse("alerts:manage", args=[tokens.manage_token(subscriber.pk, subscriber.key)]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Thông cáo về chuyên mục Kinh tế" in html
    assert "Thông cáo về loại tin Tin thử nghiệm" in html
    assert "Văn bản mới: Quyết định" in html
