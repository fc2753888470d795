"""English versions of articles, written by editors (nothing is machine-translated), with their own workflow."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, ClassVar

import reversion
from ckeditor_uploader.fields import RichTextUploadingField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from articles.newsroom.models import Article, ReviewedText
from articles.newsroom.sanitize import clean_html, plain_text
from articles.newsroom.text import slug_base

SLUG_TAKEN = "Đường dẫn tiếng Anh “{slug}” đã được dùng cho {owner}; hãy chọn một đường dẫn khác."


class EnglishVersionQuerySet(models.QuerySet):
    def published(self) -> EnglishVersionQuerySet:
        """The one read rule for English versions: approved, of an article that is itself public."""
        return self.filter(status=Article.Status.PUBLISHED, article__in=Article.objects.published())


class EnglishVersion(ReviewedText):
    Status = Article.Status

    article = models.OneToOneField(
        Article, verbose_name="bài tiếng Việt", on_delete=models.CASCADE, related_name="english"
    )
    title = models.CharField("tiêu đề (tiếng Anh)", max_length=300)
    slug = models.SlugField(
        "đường dẫn tiếng Anh",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Để trống để tạo từ tiêu đề tiếng Anh. Bài hiện tại /en/bai-viet/<đường dẫn>/.",
        error_messages={"unique": "Đường dẫn tiếng Anh này đã được một bản tiếng Anh khác dùng."},
    )
    lead = models.TextField("sapo (tiếng Anh)", blank=True)
    body = RichTextUploadingField("nội dung (tiếng Anh)", blank=True)

    objects = EnglishVersionQuerySet.as_manager()

    workflow_noun: ClassVar[str] = "bản tiếng Anh"
    # The status as last read from the database (the page cache asks whether readers saw it).
    loaded_status: str | None = None

    class Meta:
        verbose_name = "bản tiếng Anh của bài viết"
        verbose_name_plural = "bản tiếng Anh của bài viết"
        ordering = ["-updated_at"]
        # The workflow table's permissions are `<app>.<verb>_<model>` (articles/newsroom/workflow.py).
        permissions = [
            ("submit_englishversion", "Gửi bản tiếng Anh để duyệt"),
            ("approve_englishversion", "Duyệt bản tiếng Anh hoặc trả lại"),
            ("publish_englishversion", "Đăng bản tiếng Anh"),
            ("archive_englishversion", "Đưa bản tiếng Anh vào lưu trữ"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = clean_html(self.body)
        self.title, self.lead = plain_text(self.title), plain_text(self.lead)
        if not self.slug:
            self.slug = slug_base(self.title)
        super().save(*args, **kwargs)
        self.loaded_status = self.status

    def get_absolute_url(self) -> str:
        with translation.override("en"):
            return reverse("public:article_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        self.title = plain_text(self.title)
        if not self.slug and self.title:
            self.slug = slug_base(self.title)
        if not self.slug:
            return
        clash = EnglishVersion.objects.filter(slug=self.slug).exclude(pk=self.pk).select_related("article").first()
        if clash is not None:
            owner = f"bản tiếng Anh của bài “{clash.article.title}”"
            raise ValidationError({"slug": SLUG_TAKEN.format(slug=self.slug, owner=owner)})
        # /en/bai-viet/<slug>/ also answers for Vietnamese slugs (an article without English shows its Vietnamese
        # text there, marked): an English slug may not hide another article's.
        other = Article.objects.filter(slug=self.slug).exclude(pk=self.article_id).only("title").first()
        if other is not None:
            owner = f"bài tiếng Việt “{other.title}”"
            raise ValidationError({"slug": SLUG_TAKEN.format(slug=self.slug, owner=owner)})

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> EnglishVersion:
        row = super().from_db(db, field_names, values)
        row.loaded_status = row.__dict__.get("status")
        return row

    @property
    def agency_id(self) -> int | None:
        """The article's agency: who may work on the English version (articles/newsroom/rights.py)."""
        return self.article.agency_id if self.article_id else None

    @property
    def is_public(self) -> bool:
        return self.status == Article.Status.PUBLISHED


# Every save keeps a revision of the text; the workflow's own fields are neither kept nor brought back by a restore.
reversion.register(
    EnglishVersion,
    exclude=("status", "submitted_by", "submitted_at", "published_at", "version", "updated_by", "updated_at"),
)
