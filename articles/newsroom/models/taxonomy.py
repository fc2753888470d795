"""How articles are filed for readers: sections (chuyên mục) and article types (loại tin)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from articles.newsroom.text import unique_slug


class Section(models.Model):
    """A chuyên mục: an article is filed in one or more; each has its page, feeds and sitemap entry."""

    name = models.CharField("tên chuyên mục", max_length=150, unique=True)
    name_en = models.CharField("tên tiếng Anh", max_length=150, blank=True)
    slug = models.SlugField("đường dẫn", max_length=150, unique=True, blank=True)
    description = models.TextField("giới thiệu", blank=True)
    description_en = models.TextField("giới thiệu (tiếng Anh)", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ hơn đứng trước.")
    on_home = models.BooleanField(
        "có khối trên trang chủ", default=False, help_text="Trang chủ có một khối tin mới nhất của chuyên mục này."
    )

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=150)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:section_detail", kwargs={"slug": self.slug})


class ArticleTypeQuerySet(models.QuerySet):
    def default(self) -> ArticleType | None:
        """The type an article gets when nobody chose one (the legacy import): the first in order."""
        return self.order_by("order", "pk").first()


class ArticleType(models.Model):
    """A loại tin (Thông cáo báo chí, Tin hoạt động…): every article has exactly one."""

    name = models.CharField("tên loại tin", max_length=150, unique=True)
    name_en = models.CharField("tên tiếng Anh", max_length=150, blank=True)
    slug = models.SlugField("đường dẫn", max_length=150, unique=True, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Loại đứng đầu là loại mặc định.")

    objects = ArticleTypeQuerySet.as_manager()

    class Meta:
        verbose_name = "loại tin"
        verbose_name_plural = "loại tin"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=150)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:article_type_detail", kwargs={"slug": self.slug})
