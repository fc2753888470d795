"""Workflow emails for staff: approvers hear of submissions, writers of approvals, schedules and returns."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.alerts.models import StaffNotification
from articles.newsroom import services
from articles.newsroom.models import Article
from tests.alerts_helpers import EagerTasks
from tests.factories import make_agency, make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    agency, other = make_agency("Sở Công Thương"), make_agency("Sở Nội vụ")
    writer = make_editor("viet", roles=("writer",), agencies=(agency,), email="viet@example.com")
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,), email="duyet@example.com")
    make_editor("duyet2", roles=("approver",), agencies=(agency,), email="duyet2@example.com", is_active=False)
    make_editor("khac", roles=("approver",), agencies=(other,), email="khac@example.com")
    make_editor("dongnghiep", roles=("writer",), agencies=(agency,), email="dongnghiep@example.com")
    article = make_article(title="Hội chợ hàng Việt", status=Article.Status.DRAFT, agency=agency, created_by=writer)
    return agency, writer, approver, article


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def step(function, **kwargs):
        mail.outbox.clear()
        with EagerTasks(), django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return step


def test_a_submission_is_told_to_the_approvers_of_its_agency_only(newsroom, run):
    agency, writer, approver, article = newsroom
    run(services.submit, article=article, by=writer)
    (message,) = mail.outbox
    assert message.to == ["duyet@example.com"]
    assert message.subject == "[Tòa soạn] Bài chờ duyệt: Hội chợ hàng Việt"
    assert "viet đã gửi bài “Hội chợ hàng Việt” (Sở Công Thương) để duyệt" in message.body
    assert reverse("admin:articles_article_change", args=[article.pk]) in message.body
    assert message.alternatives[0][1] == "text/html"


def test_the_writer_hears_of_the_approval_the_schedule_and_the_return_with_its_comment(newsroom, run):
    agency, writer, approver, article = newsroom
    run(services.submit, article=article, by=writer)
    run(services.reject, article=article, by=approver, comment="Thiếu số liệu tháng 5.\nHãy bổ sung.")
    (returned,) = mail.outbox
    assert returned.to == ["viet@example.com"] and "Bài bị trả lại" in returned.subject
    assert "Thiếu số liệu tháng 5." in returned.body and "Hãy bổ sung." in returned.body

    run(services.submit, article=Article.objects.get(pk=article.pk), by=writer)
    at = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    run(services.approve, article=Article.objects.get(pk=article.pk), by=approver, publish_at=at)
    (scheduled,) = mail.outbox
    assert scheduled.to == ["viet@example.com"] and "hẹn giờ" in scheduled.subject
    assert f"{timezone.localtime(at):%d/%m/%Y %H:%M}" in scheduled.body

    other = make_article(status=Article.Status.DRAFT, agency=agency, created_by=writer)
    run(services.submit, article=other, by=writer)
    run(services.approve, article=other, by=approver)
    (approved,) = mail.outbox
    assert approved.to == ["viet@example.com"] and "đã được duyệt và đăng" in approved.subject


def test_a_staff_user_switches_workflow_emails_off_and_on_in_the_admin(newsroom, run, client):
    agency, writer, approver, article = newsroom
    client.force_login(approver)
    url = reverse("alerts_staff_settings")
    assert url in client.get(reverse("admin:index")).content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "checked" in page.content.decode()
    assert client.post(url, {}).status_code == 302
    run(services.submit, article=article, by=writer)
    assert mail.outbox == [] and StaffNotification.objects.count() == 0

    client.post(url, {"workflow_emails": "on"})
    other = make_article(status=Article.Status.DRAFT, agency=agency, created_by=writer)
    run(services.submit, article=other, by=writer)
    assert [message.to for message in mail.outbox] == [["duyet@example.com"]]


def test_the_setting_page_needs_a_staff_login(client):
    response = client.get(reverse("alerts_staff_settings"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_a_notification_is_sent_once_even_if_the_sweep_runs_again(newsroom, run):
    agency, writer, approver, article = newsroom
    run(services.submit, article=article, by=writer)
    from articles.alerts import announcements

    with EagerTasks():
        announcements.sweep()
    assert len(mail.outbox) == 1
    assert StaffNotification.objects.get().state == "sent"


def test_operators_see_subscribers_read_only_in_the_admin(client):
    from django.contrib.auth import get_user_model

    from tests.alerts_helpers import subscribe

    subscription = subscribe("nhabao@example.com")
    root = get_user_model().objects.create_superuser("root", "root@example.com", "mat-khau-dai-123")
    client.force_login(root)
    listing = client.get(reverse("admin:alerts_subscriber_changelist"))
    assert listing.status_code == 200 and "nhabao@example.com" in listing.content.decode()
    page = client.get(reverse("admin:alerts_subscriber_change", args=[subscription.subscriber_id]))
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
