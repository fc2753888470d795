"""Who works for which agency, and the audit log of workflow steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.newsroom.models.article import Article
from articles.newsroom.models.directory import Agency


class EditorMembership(models.Model):
    """A staff user works for an agency; in the admin they see and touch only their agencies' articles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = "cơ quan làm việc"
        verbose_name_plural = "cơ quan làm việc"
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="one_membership_per_agency")]

    def __str__(self) -> str:
        return f"{self.user} – {self.agency}"


class WorkflowEvent(models.Model):
    """The audit log: one row for every workflow step taken on an article."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo bài"
        SUBMIT = "submit", "Gửi duyệt"
        APPROVE = "approve", "Duyệt và đăng"
        REJECT = "reject", "Trả lại"
        PUBLISH = "publish", "Đăng lại, đổi giờ đăng"
        WITHDRAW = "withdraw", "Gỡ bài"
        ARCHIVE = "archive", "Lưu trữ"
        PREVIEW = "preview", "Tạo liên kết xem trước"
        RESTORE = "restore", "Khôi phục phiên bản"
        PROPOSE_EDIT = "propose_edit", "Lưu bản sửa bài đã đăng"
        PUBLISH_EDIT = "publish_edit", "Duyệt và đăng bản sửa"
        RETURN_EDIT = "return_edit", "Trả lại bản sửa"
        DISCARD_EDIT = "discard_edit", "Hủy bản sửa"

    article = models.ForeignKey(
        Article, verbose_name="bài viết", null=True, on_delete=models.SET_NULL, related_name="workflow_events"
    )
    article_title = models.CharField("tiêu đề bài lúc đó", max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    from_status = models.CharField("trạng thái trước", max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField("trạng thái sau", max_length=20, choices=Article.Status.choices, blank=True)
    comment = models.TextField("ghi chú", blank=True)
    superuser_override = models.BooleanField(
        "quản trị tối cao bỏ qua quy tắc hai người", default=False, help_text="Người gửi duyệt tự duyệt bài."
    )
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "nhật ký biên tập"
        verbose_name_plural = "nhật ký biên tập"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article_title}"
