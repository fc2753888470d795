"""What every text that goes through the workflow table besides articles keeps: its state, who created, changed,
submitted and published it and when, and its version (an edit saved over a newer one is refused)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from articles.newsroom.models.article import Article


class ReviewedText(models.Model):
    """The workflow columns of an English version of an article and of a page editors write."""

    status = models.CharField("trạng thái", max_length=20, choices=Article.Status.choices, default=Article.Status.DRAFT)
    published_at = models.DateTimeField("ngày duyệt đăng", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người gửi duyệt", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField("ngày gửi duyệt", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người sửa cuối", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("ngày sửa cuối", auto_now=True)
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)

    class Meta:
        abstract = True
