"""Edits of a published article, kept apart from it until an approver publishes them.

The `Article` row is always what readers see: page, lists, search columns, feeds, sitemap. Saving a published
article in the admin writes a `LiveEdit` instead (its fields in `data`), which waits for review; publishing it
copies the fields onto the article (articles/newsroom/live_edits.py). A published correction stays as the
article's public note "Cập nhật lúc …".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.newsroom.models.article import Article


class LiveEditQuerySet(models.QuerySet):
    def open(self) -> LiveEditQuerySet:
        """Waiting for review, or sent back to be reworked: at most one per article."""
        return self.filter(state__in=LiveEdit.OPEN_STATES)

    def public_notes(self) -> LiveEditQuerySet:
        """The correction notes readers see under an article, oldest first."""
        return self.filter(state=LiveEdit.State.PUBLISHED, kind=LiveEdit.Kind.CORRECTION).order_by("published_at")


class LiveEdit(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        RETURNED = "returned", "Bị trả lại"
        PUBLISHED = "published", "Đã đăng"
        DISCARDED = "discarded", "Đã hủy"

    class Kind(models.TextChoices):
        MINOR = "minor", "Sửa nhỏ (lỗi chính tả, không ghi công khai)"
        CORRECTION = "correction", "Đính chính (ghi chú công khai dưới bài)"

    OPEN_STATES = (State.PENDING, State.RETURNED)

    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="live_edits")
    state = models.CharField("tình trạng", max_length=20, choices=State.choices, default=State.PENDING)
    kind = models.CharField("loại thay đổi", max_length=20, choices=Kind.choices, default=Kind.MINOR)
    note = models.TextField(
        "ghi chú đính chính (công khai)",
        blank=True,
        help_text="Hiện dưới bài: “Cập nhật lúc dd/mm/yyyy hh:mm: …” và trong RSS/Atom.",
    )
    # The article's fields as the editor left them, in django-reversion's field_dict shape (foreign keys as
    # `<name>_id`, many-to-many links as lists of ids, the cover as its stored name) so the revision diff reads both.
    data = models.JSONField("nội dung bản sửa", default=dict)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đề xuất",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField("lần lưu cuối")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người duyệt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField("ý kiến người duyệt", blank=True)
    published_at = models.DateTimeField("thời điểm đăng bản sửa", null=True, blank=True)

    objects = LiveEditQuerySet.as_manager()

    class Meta:
        verbose_name = "bản sửa bài đã đăng"
        verbose_name_plural = "bản sửa bài đã đăng"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=["pending", "returned"]),
                name="one_open_live_edit_per_article",
            )
        ]
        indexes = [models.Index(fields=["state", "proposed_at"], name="live_edit_by_state")]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.data.get('title') or self.article_id}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def field(self, name: str, default: Any = "") -> Any:
        return self.data.get(name, default)
