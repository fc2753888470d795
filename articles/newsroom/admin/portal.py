"""The admin's part of the portal: sections and article types, featuring stories from the article list, and the
list of articles that still miss pictures. Kept apart from the article admin so that it stays a small graft there
(its fieldset, one action, one permission check)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.newsroom import featuring, rights
from articles.newsroom.models import Article, ArticleMissingPictures, ArticleType, Section
from articles.newsroom.templatetags.vn import vn_short_datetime


def has_feature_permission(request: HttpRequest) -> bool:
    return request.user.has_perm("articles.feature_article")


def feature_until_field() -> forms.SplitDateTimeField:
    """When a featuring ends, typed as Vietnamese readers write dates."""
    return forms.SplitDateTimeField(
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


class PortalForm(forms.ModelForm):
    """The article's type, sections, featuring and date display: a page of its own beside the article's form."""

    feature_until = feature_until_field()

    class Meta:
        model = Article
        fields = ["article_type", "sections", "feature", "feature_until", "date_only"]
        widgets = {"sections": forms.CheckboxSelectMultiple()}

    def __init__(self, *args, can_feature: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        article_type = self.fields["article_type"]
        assert isinstance(article_type, forms.ModelChoiceField)
        article_type.required = False
        article_type.empty_label = "(loại mặc định)"
        if not can_feature:
            for name in ("feature", "feature_until"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean() or {}
        public = self.instance.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)
        if public and not cleaned.get("sections") and Section.objects.exists():
            # One section at least, once the site has sections, for what readers see; a draft may wait.
            self.add_error("sections", "Hãy chọn ít nhất một chuyên mục cho bài viết.")
        return cleaned


class PortalPage:
    """Mixed into ArticleAdmin: the page *Chuyên mục và trang chủ* of an article (`<id>/trang-chu/`)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("<path:object_id>/trang-chu/", wrap(self.portal_view), name="articles_article_portal"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def portal_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article, redirect = self._article_or_redirect(request, object_id)  # type: ignore[attr-defined]
        if redirect:
            return redirect
        can_feature = has_feature_permission(request)
        data = request.POST if request.method == "POST" else None
        form = PortalForm(data, instance=article, can_feature=can_feature)
        if data is not None and form.is_valid():
            try:
                featuring.file_article(
                    article=article,
                    article_type=form.cleaned_data["article_type"],
                    sections=form.cleaned_data["sections"],
                    feature=form.cleaned_data["feature"] or Article.Feature.NONE,
                    until=form.cleaned_data["feature_until"],
                    date_only=form.cleaned_data["date_only"],
                    by=request.user,
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
            else:
                self.message_user(request, f"Đã lưu chuyên mục và trang chủ của “{article.title}”.", messages.SUCCESS)  # type: ignore[attr-defined]
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return self._page(  # type: ignore[attr-defined]
            request,
            article,
            "admin/articles/article/portal.html",
            f"Chuyên mục và trang chủ: {article.title}",
            form=form,
        )


class FeatureForm(forms.Form):
    feature = forms.ChoiceField(label="Trên trang chủ", choices=Article.Feature.choices, required=False)
    feature_until = feature_until_field()


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
