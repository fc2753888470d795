import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.newsroom import services, workflow
from articles.newsroom.models import Article, WorkflowEvent
from tests.factories import make_agency, make_article, make_editor, split_datetime

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def agency():
    return make_agency("Sở Kế hoạch và Đầu tư")


@pytest.fixture
def writer(agency):
    return make_editor("nguoiviet", roles=("writer",), agencies=(agency,), first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def approver(agency):
    return make_editor("nguoiduyet", roles=("approver",), agencies=(agency,))


@pytest.fixture
def draft(agency):
    return make_article("Thông cáo nháp", agency=agency, status=Status.DRAFT)


def test_submit_approve_publishes_and_logs_each_step(draft, writer, approver):
    services.submit(article=draft, by=writer, comment="Nhờ anh duyệt")
    assert draft.status == Status.SUBMITTED and draft.submitted_by == writer
    services.approve(article=draft, by=approver)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft in Article.objects.published()
    events = list(
        WorkflowEvent.objects.order_by("id").values_list("actor__username", "action", "from_status", "to_status")
    )
    assert events == [
        ("nguoiviet", "submit", "draft", "submitted"),
        ("nguoiduyet", "approve", "submitted", "published"),
    ]
    assert WorkflowEvent.objects.get(action="submit").comment == "Nhờ anh duyệt"


def test_approval_of_an_old_draft_is_dated_now_not_backdated(draft, writer, approver):
    Article.objects.filter(pk=draft.pk).update(published_at=timezone.now() - datetime.timedelta(days=3))
    draft.refresh_from_db()
    services.submit(article=draft, by=writer)
    before = timezone.now()
    services.approve(article=draft, by=approver)
    assert draft.published_at >= before


def test_submitter_cannot_approve_own_article(agency, draft):
    both = make_editor("camot", roles=("writer", "approver"), agencies=(agency,))
    services.submit(article=draft, by=both)
    with pytest.raises(PermissionDenied, match="quy tắc hai người"):
        services.approve(article=draft, by=both)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert not WorkflowEvent.objects.filter(action="approve").exists()


def test_superuser_may_approve_own_submission_and_the_log_says_so(django_user_model, draft):
    boss = django_user_model.objects.create_superuser("sep", password="mat-khau-dai-123")
    services.submit(article=draft, by=boss)
    services.approve(article=draft, by=boss)
    event = WorkflowEvent.objects.get(action="approve")
    assert draft.status == Status.PUBLISHED
    assert event.superuser_override is True and event.actor == boss
    assert "tự duyệt" in event.comment


def test_other_approver_is_not_blocked_by_two_person_rule(agency, draft, writer):
    both = make_editor("camot", roles=("writer", "approver"), agencies=(agency,))
    services.submit(article=draft, by=writer)
    services.approve(article=draft, by=both)
    assert draft.status == Status.PUBLISHED
    assert WorkflowEvent.objects.get(action="approve").superuser_override is False


def test_reject_needs_a_comment_and_sends_back_to_draft(draft, writer, approver):
    services.submit(article=draft, by=writer)
    with pytest.raises(services.WorkflowError, match="lý do"):
        services.reject(article=draft, by=approver, comment="  ")
    services.reject(article=draft, by=approver, comment="Thiếu số liệu quý II")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.submitted_by is None
    assert WorkflowEvent.objects.get(action="reject").comment == "Thiếu số liệu quý II"


def test_withdraw_needs_a_public_reason_and_archive_follows(agency, approver, client):
    article = make_article("Bài đã đăng", agency=agency)
    with pytest.raises(services.WorkflowError):
        services.withdraw(article=article, by=approver, reason="")
    services.withdraw(article=article, by=approver, reason="Thông tin chưa chính xác")
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN and article.withdrawn_reason == "Thông tin chưa chính xác"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Bài viết đã được gỡ" in html and "Thông tin chưa chính xác" in html
    services.archive(article=article, by=approver)
    assert article.status == Status.ARCHIVED
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (services.approve, Status.DRAFT),
        (services.submit, Status.PUBLISHED),
        (services.archive, Status.DRAFT),
        (services.archive, Status.SUBMITTED),
    ],
)
def test_steps_out_of_order_are_refused(agency, step, status, django_user_model):
    boss = django_user_model.objects.create_superuser("sep", password="mat-khau-dai-123")
    article = make_article(agency=agency, status=status)
    with pytest.raises(services.WorkflowError, match="trạng thái"):
        step(article=article, by=boss)
    article.refresh_from_db()
    assert article.status == status


def test_scheduled_article_appears_at_its_minute_without_a_clock_job(draft, writer, approver, client):
    start = timezone.now()
    at = (start + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    services.submit(article=draft, by=writer)
    services.approve(article=draft, by=approver, publish_at=at)
    assert draft.status == Status.PUBLISHED and draft.is_scheduled
    with time_machine.travel(at - datetime.timedelta(seconds=1), tick=False):
        assert draft not in Article.objects.published()
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert "Thông cáo nháp" not in client.get(reverse("public:home")).content.decode()
    with time_machine.travel(at, tick=False):
        assert draft in Article.objects.published()
        assert client.get(draft.get_absolute_url()).status_code == 200
        assert "Thông cáo nháp" in client.get(reverse("public:home")).content.decode()


def test_admin_list_labels_scheduled_articles_in_hanoi_time(agency, approver, client):
    at = timezone.make_aware(datetime.datetime(2031, 3, 2, 8, 30), timezone.get_fixed_timezone(7 * 60))
    make_article("Bài hẹn giờ", agency=agency, published_at=at)
    client.force_login(approver)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Hẹn giờ" in html and "02/03/2031 08:30" in html


def test_admin_approve_button_schedules_through_the_service(draft, writer, approver, client):
    services.submit(article=draft, by=writer)
    client.force_login(approver)
    url = reverse("admin:articles_article_step", args=[draft.pk, "duyet"])
    assert "Duyệt và đăng" in client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    at = timezone.now() + datetime.timedelta(hours=5)
    response = client.post(url, {**split_datetime(at, "publish_at"), "comment": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.is_scheduled
    assert WorkflowEvent.objects.filter(action="approve", actor=approver).exists()


def test_admin_reject_without_comment_shows_the_error_and_changes_nothing(draft, writer, approver, client):
    services.submit(article=draft, by=writer)
    client.force_login(approver)
    response = client.post(reverse("admin:articles_article_step", args=[draft.pk, "tra-lai"]), {"comment": ""})
    assert response.status_code == 200
    assert "Hãy ghi lý do trả lại" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_admin_bulk_approve_refuses_own_submissions_with_a_message(agency, client):
    both = make_editor("camot", roles=("writer", "approver"), agencies=(agency,))
    other = make_editor("khac", roles=("writer",), agencies=(agency,))
    mine = make_article("Bài của tôi", agency=agency, status=Status.DRAFT)
    theirs = make_article("Bài của người khác", agency=agency, status=Status.DRAFT)
    services.submit(article=mine, by=both)
    services.submit(article=theirs, by=other)
    client.force_login(both)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "quy tắc hai người" in html
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Status.SUBMITTED, Status.PUBLISHED)


def test_writer_cannot_edit_text_once_submitted_but_approver_can(draft, writer, approver, client):
    services.submit(article=draft, by=writer)
    client.force_login(writer)
    html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert 'name="title"' not in html  # read-only view
    assert "loaded_version" not in html
    client.force_login(approver)
    html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert 'name="title"' in html


def test_audit_log_is_read_only_in_admin(draft, writer, approver, client):
    services.submit(article=draft, by=writer)
    client.force_login(approver)
    changelist = client.get(reverse("admin:articles_workflowevent_changelist"))
    assert changelist.status_code == 200 and "Thông cáo nháp" in changelist.content.decode()
    event = WorkflowEvent.objects.get()
    assert client.get(reverse("admin:articles_workflowevent_add")).status_code == 403
    response = client.post(reverse("admin:articles_workflowevent_change", args=[event.pk]), {"comment": "sửa"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.comment == ""


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.DRAFT, "gui-duyet"),
        (Status.SUBMITTED, "duyet"),
        (Status.SUBMITTED, "tra-lai"),
        (Status.PUBLISHED, "dang-lai"),
        (Status.PUBLISHED, "go-bai"),
        (Status.WITHDRAWN, "luu-tru"),
    ],
)
def test_each_step_page_offers_its_form_and_the_change_page_links_it(agency, client, django_user_model, status, step):
    boss = django_user_model.objects.create_superuser("sep", password="mat-khau-dai-123")
    article = make_article("Bài thử bước", agency=agency, status=status)
    client.force_login(boss)
    url = reverse("admin:articles_article_step", args=[article.pk, step])
    assert url in client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and "Xác nhận" in response.content.decode()


def offered_steps(client, article) -> set[str]:
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    return {slug for slug in workflow.STEPS if reverse("admin:articles_article_step", args=[article.pk, slug]) in html}


def test_the_change_page_offers_only_the_steps_the_table_allows_this_user_now(agency, writer, approver, client):
    draft = make_article("Bài nháp", agency=agency, status=Status.DRAFT)
    client.force_login(writer)
    assert offered_steps(client, draft) == {"gui-duyet"}
    services.submit(article=draft, by=writer)
    draft.refresh_from_db()
    # The writer who submitted may neither approve nor reject; the approver sees both.
    assert offered_steps(client, draft) == set()
    client.force_login(approver)
    assert offered_steps(client, draft) == {"duyet", "tra-lai"}
    services.approve(article=draft, by=approver)
    assert offered_steps(client, draft) == {"dang-lai", "go-bai", "luu-tru"}


def test_an_approver_who_submitted_is_not_offered_the_approval(agency, client):
    both = make_editor("cahai", roles=("writer", "approver"), agencies=(agency,))
    draft = make_article("Bài tự gửi", agency=agency, status=Status.DRAFT)
    services.submit(article=draft, by=both)
    client.force_login(both)
    assert offered_steps(client, draft) == {"tra-lai"}
    response = client.post(reverse("admin:articles_article_step", args=[draft.pk, "duyet"]), {})
    assert response.status_code in (200, 302)
    assert Article.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_preview_links_exist_exactly_where_the_table_says(agency, approver, client):
    client.force_login(approver)
    for status, offered in [(Status.DRAFT, True), (Status.SUBMITTED, True), (Status.PUBLISHED, False)]:
        article = make_article(f"Bài {status}", agency=agency, status=status)
        preview_url = reverse("admin:articles_article_preview", args=[article.pk])
        html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
        assert (preview_url in html) is offered, status
        assert workflow.may_take(approver, article, workflow.PREVIEW) is offered
