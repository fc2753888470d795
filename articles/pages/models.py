"""Pages editors write: Giới thiệu, Liên hệ, Chính sách bảo mật, Điều khoản sử dụng, Tuyên bố về khả năng tiếp cận.

Each page has its Vietnamese and English text (the English may be missing: the English site then shows the
Vietnamese text, marked), goes through the workflow table (draft → submitted → published) as one item, keeps its
revisions, and is cleaned by the same allow-list as articles.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, ClassVar

import reversion
from ckeditor_uploader.fields import RichTextUploadingField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from articles.newsroom import translated
from articles.newsroom.models import Article, ReviewedText
from articles.newsroom.sanitize import clean_html, plain_text
from articles.newsroom.text import slug_base

Status = Article.Status


class PageQuerySet(models.QuerySet):
    def published(self) -> PageQuerySet:
        """The one read rule for pages: approved."""
        return self.filter(status=Status.PUBLISHED)


class PageManager(models.Manager.from_queryset(PageQuerySet)):  # type: ignore[misc]  # django-stubs
    def get_by_natural_key(self, kind: str) -> Page:
        """Fixtures name a page by its kind: the migration created the five pages, with ids of its own."""
        return self.get(kind=kind)


class Page(ReviewedText):
    class Kind(models.TextChoices):
        ABOUT = "about", "Giới thiệu"
        CONTACT = "contact", "Liên hệ"
        PRIVACY = "privacy", "Chính sách bảo mật"
        TERMS = "terms", "Điều khoản sử dụng"
        ACCESSIBILITY = "accessibility", "Tuyên bố về khả năng tiếp cận"

    kind = models.CharField("loại trang", max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField("tiêu đề", max_length=200)
    title_en = models.CharField("tiêu đề (tiếng Anh)", max_length=200, blank=True)
    slug = models.SlugField(
        "đường dẫn",
        max_length=100,
        unique=True,
        error_messages={"unique": "Đường dẫn này đã được một trang khác dùng."},
    )
    slug_en = models.SlugField("đường dẫn tiếng Anh", max_length=100, blank=True)
    body = RichTextUploadingField("nội dung", blank=True)
    body_en = RichTextUploadingField("nội dung (tiếng Anh)", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự ở chân trang", default=0)

    objects = PageManager()

    workflow_noun: ClassVar[str] = "trang"
    # Pages belong to the whole site: only those who work for every agency (site administrators) take steps.
    agency_id: ClassVar[None] = None
    loaded_status: str | None = None

    class Meta:
        verbose_name = "trang"
        verbose_name_plural = "trang giới thiệu và chính sách"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug_en"], condition=~Q(slug_en=""), name="page_unique_english_slug")
        ]
        permissions = [
            ("submit_page", "Gửi trang để duyệt"),
            ("approve_page", "Duyệt trang hoặc trả lại"),
            ("publish_page", "Đăng trang"),
            ("archive_page", "Đưa trang vào lưu trữ"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body, self.body_en = clean_html(self.body), clean_html(self.body_en)
        self.title, self.title_en = plain_text(self.title), plain_text(self.title_en)
        if not self.slug:
            self.slug = slug_base(self.title, max_length=100)
        super().save(*args, **kwargs)
        self.loaded_status = self.status

    def get_absolute_url(self) -> str:
        if translated.english_site() and self.slug_en:
            return reverse("pages:page", kwargs={"slug": self.slug_en})
        return reverse("pages:page", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.kind,)

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Page:
        row = super().from_db(db, field_names, values)
        row.loaded_status = row.__dict__.get("status")
        return row

    def url_in(self, language: str) -> str:
        with translation.override(language):
            return self.get_absolute_url()

    @property
    def display_title(self) -> str:
        return translated.text(self, "title")

    def clean(self) -> None:
        self.title, self.title_en = plain_text(self.title), plain_text(self.title_en)
        if not self.slug and self.title:
            self.slug = slug_base(self.title, max_length=100)
        if not self.slug_en and self.title_en:
            self.slug_en = slug_base(self.title_en, max_length=100)
        if not self.slug_en:
            return
        # /en/trang/<slug>/ also answers for Vietnamese slugs (a page without English shows its Vietnamese text
        # there): an English slug may be neither another page's English slug nor another page's Vietnamese one.
        others = Page.objects.exclude(pk=self.pk).filter(Q(slug_en=self.slug_en) | Q(slug=self.slug_en)).first()
        if others is not None:
            raise ValidationError(
                {
                    "slug_en": f"Đường dẫn tiếng Anh “{self.slug_en}” đã được trang “{others.title}” dùng; "
                    "hãy chọn một đường dẫn khác."
                }
            )


reversion.register(
    Page, exclude=("status", "submitted_by", "submitted_at", "published_at", "version", "updated_by", "updated_at")
)
