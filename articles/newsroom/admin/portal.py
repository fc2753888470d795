"""The admin's part of the portal: sections and article types, featuring stories from the article list, and the
list of articles that still miss pictures. Kept apart from the article admin so that it stays a small graft there
(its fieldset, one action, one permission check)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from articles.newsroom import featuring, rights
from articles.newsroom.models import Article, ArticleMissingPictures, ArticleType, Section
from articles.newsroom.templatetags.vn import vn_short_datetime

# The admin's fieldset type is private to django-stubs.
PORTAL_FIELDSET: Any = (
    "Chuyên mục và trang chủ",
    {"fields": ["article_type", "sections", "feature", "feature_until", "date_only"]},
)
FEATURE_FIELDS = ("feature", "feature_until")


def has_feature_permission(request: HttpRequest) -> bool:
    return request.user.has_perm("articles.feature_article")


class FeatureForm(forms.Form):
    feature = forms.ChoiceField(label="Trên trang chủ", choices=Article.Feature.choices, required=False)
    feature_until = forms.SplitDateTimeField(
        label="Nổi bật đến (giờ Hà Nội)",
        required=False,
        widget=forms.SplitDateTimeWidget(
            date_format="%d/%m/%Y",
            time_format="%H:%M",
            date_attrs={"aria-label": "Ngày kết thúc (ngày/tháng/năm)"},
            time_attrs={"aria-label": "Giờ kết thúc (giờ:phút)"},
        ),
        input_date_formats=["%d/%m/%Y"],
        input_time_formats=["%H:%M"],
        help_text="Để trống nếu không hẹn giờ kết thúc.",
    )


@admin.action(description="Đưa lên trang chủ, ghim hoặc bỏ nổi bật các bài đã chọn…", permissions=["feature"])
def feature_selected(modeladmin, request, queryset):
    """Asks for the kind of featuring and its end on a page of its own, then applies it to the selection."""
    form = FeatureForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            changed = featuring.set_feature(
                articles=queryset,
                feature=form.cleaned_data["feature"] or Article.Feature.NONE,
                until=form.cleaned_data["feature_until"],
                by=request.user,
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            modeladmin.message_user(request, f"Đã cập nhật {changed} bài trên trang chủ.", messages.SUCCESS)
            return None
    return TemplateResponse(
        request,
        "admin/articles/article/feature.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.opts,
            "title": "Đưa bài lên trang chủ",
            "form": form,
            "articles": queryset,
            "action": "feature_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "on_home"]
    list_editable = ["order", "on_home"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ArticleType)
class ArticleTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(ArticleMissingPictures)
class ArticleMissingPicturesAdmin(admin.ModelAdmin):
    """Imported articles whose body names pictures the old export did not send: readers do not see those
    captions (articles/public/renditions.py); an editor adds the pictures from each article's page."""

    list_display = ["edit_link", "agency", "status", "publication_time"]
    list_display_links = None
    list_select_related = ["agency"]
    search_fields = ["title", "legacy_id"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter)]

    def get_queryset(self, request: HttpRequest):
        missing = Article.objects.missing_pictures().filter(pk__in=rights.articles_for(request.user).values("pk"))
        return ArticleMissingPictures.objects.filter(pk__in=missing.values("pk")).select_related("agency")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.view_article")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="bài viết", ordering="title")
    def edit_link(self, article: Article) -> str:
        return format_html('<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[article.pk]), article)

    @admin.display(description="giờ đăng (Hà Nội)", ordering="published_at")
    def publication_time(self, article: Article) -> str:
        return vn_short_datetime(article.published_at)
