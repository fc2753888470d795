"""Articles in the admin: restricted to the editor's agencies, optimistic locking, edits of published articles
kept for review, and the steps the workflow table allows (admin/article_pages.py). Writes only call services."""

from __future__ import annotations

from typing import Any, cast

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles.newsroom import live_edits, rights, services, stored_pictures
from articles.newsroom.admin import article_search, portal
from articles.newsroom.admin.article_filters import AgencyFilter, MonthFilter, ProgrammeFilter, YearFilter
from articles.newsroom.admin.article_pages import ArticlePages
from articles.newsroom.admin.directory import is_autocomplete_for
from articles.newsroom.admin.forms import ArticleAdminForm
from articles.newsroom.models import Article
from articles.newsroom.templatetags.vn import vn_short_datetime

# Shown only while the article is published: its changes wait for review (articles/newsroom/live_edits.py).
LIVE_EDIT_FIELDSET: Any = (
    "Sửa bài đang đăng",
    {
        "fields": ["edit_kind", "edit_note"],
        "description": "Bạn đọc vẫn thấy bản đang đăng cho tới khi người duyệt đăng bản sửa này.",
    },
)


def _run_on_selection(modeladmin, request, queryset, run, done: str) -> None:
    succeeded, failed = 0, []
    for article in queryset:
        try:
            run(article=article, by=request.user)
        except (PermissionDenied, services.WorkflowError) as error:
            failed.append(f"“{article.title}”: {error}")
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{done} {succeeded} bài.", messages.SUCCESS)
    for message in failed:
        modeladmin.message_user(request, message, messages.ERROR)


@admin.register(Article)
class ArticleAdmin(portal.PortalPage, ArticlePages, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "agency", "status_label", "publication_time", "updated_by"]
    # Each cheap with 100 000 articles (admin/article_filters.py); a year and a month stand for the date hierarchy.
    list_filter = ["status", AgencyFilter, ProgrammeFilter, YearFilter, MonthFilter]
    list_select_related = ["agency", "updated_by"]
    # The search itself is article_search.matching(); Django shows the search box (and allows the autocomplete)
    # when search_fields is set.
    search_fields = ["title"]
    search_help_text = (
        "Tìm theo từ đầu của các chữ trong tiêu đề, sapo hoặc nội dung (gõ có dấu hay không dấu), hoặc mã bài cũ."
    )
    # Counting every filter's choices, or all articles besides the filtered ones, costs more than the list itself
    # at 100 000 articles; the desk shows the counts that matter.
    show_facets = admin.ShowFacets.NEVER
    show_full_result_count = False
    list_per_page = 50
    # Sorting by another column sorts every article (the date has its index; the status filter does the rest).
    sortable_by = ["publication_time"]
    # The columns the list shows, read without the text (the body and the search columns are most of a row).
    LIST_COLUMNS = ("title", "status", "published_at", "agency__name", "updated_by__username", "updated_by__first_name",
                    "updated_by__last_name", "agency_id", "updated_by_id")  # fmt: skip
    autocomplete_fields = ["agency", "officials", "programmes", "related", "mentioned_agencies"]
    readonly_fields = [
        "legacy_related_titles",
        "status",
        "submitted_by",
        "submitted_at",
        "withdrawn_reason",
        "withdrawn_at",
        "legacy_id",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "loaded_version"]}),
        ("Ảnh đại diện", {"fields": ["cover", "cover_alt", "cover_caption"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "agency", "source"]}),
        (
            "Liên kết",
            {"fields": ["officials", "mentioned_agencies", "programmes", "related", "legacy_related_titles"]},
        ),
        (
            "Quy trình duyệt",
            {"classes": ["collapse"], "fields": ["submitted_by", "submitted_at", "withdrawn_reason", "withdrawn_at"]},
        ),
        (
            "Thông tin lưu vết",
            {
                "classes": ["collapse"],
                "fields": ["legacy_id", "created_by", "created_at", "updated_by", "updated_at"],
            },
        ),
    ]
    actions = ["submit_selected", "approve_selected", "archive_selected", portal.feature_selected]

    class Media:
        # Local copies of unsaved text, the picture dialog's labels, a Vietnamese spell-checked editing area.
        js = ["js/article_editor.js"]

    @admin.display(description="tên bài liên quan (cổng cũ)")
    def legacy_related_titles(self, obj: Article) -> str:
        return format_html_join(mark_safe("<br>"), "{}", ((title,) for title in obj.related_titles)) or "–"

    # --- what the user may see and touch -------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        queryset = rights.articles_for(request.user).select_related("agency", "updated_by")
        match = request.resolver_match
        if match is not None and match.url_name in ("articles_article_changelist", "autocomplete"):
            queryset = queryset.only(*self.LIST_COLUMNS)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        """Read once per request (the change page, its steps and its form share it), with its links' ids from one
        query instead of one per link table (the admin page's query budget, tests/test_admin_query_budget.py)."""
        cache = request.__dict__.setdefault("_articles_read", {})
        key = (object_id, from_field)
        if key not in cache:
            # Whether readers can open it (for “Xem trên trang web”), in the same query.
            readable = Exists(Article.objects.readable().filter(pk=OuterRef("pk")))
            queryset = self.get_queryset(request).annotate(readers_see=readable)
            field = cast(models.Field, Article._meta.pk if from_field is None else Article._meta.get_field(from_field))
            try:
                article = queryset.get(**{field.name: field.to_python(object_id)})
            except (Article.DoesNotExist, ValidationError, ValueError):
                article = None
            # Only to show a page: a write must see the real link rows (a related manager's set() reads the cache).
            if article is not None and request.method == "GET":
                links = live_edits.link_ids(article)
                article._prefetched_objects_cache = {
                    name: _ids_as_rows(getattr(article, name), ids) for name, ids in links.items()
                }
            cache[key] = article
        return cache[key]

    def has_view_permission(self, request, obj=None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rights.can_access_agency(request.user, obj.agency_id))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rights.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or rights.can_access_agency(request.user, obj.agency_id))

    def has_submit_permission(self, request) -> bool:
        return request.user.has_perm("articles.submit_article")

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("articles.approve_article")

    def has_archive_permission(self, request) -> bool:
        return request.user.has_perm("articles.archive_article")

    def has_feature_permission(self, request) -> bool:
        return portal.has_feature_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = rights.agencies_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            kwargs["queryset"] = rights.linkable_articles_for(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if article_search.words_of(request.GET.get("q") or request.GET.get("term") or ""):
            return article_search.SearchPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    def get_search_results(self, request, queryset, search_term):
        # Related articles: the editor's agencies' articles, or any public article (see README).
        if is_related_autocomplete(request):
            queryset = rights.linkable_articles_for(request.user).only("title")
        return article_search.matching(queryset, search_term), False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        agencies = list(rights.agencies_of(request.user)[:2]) if not rights.works_for_all_agencies(request.user) else []
        if len(agencies) == 1:
            initial.setdefault("agency", str(agencies[0].pk))
        return initial

    def get_view_on_site_url(self, obj=None):
        """A page readers can open goes there; any other (a draft, a scheduled article) opens its preview."""
        if obj is None:
            return None
        readers_see = getattr(obj, "readers_see", None)
        if readers_see is None:
            readers_see = Article.objects.readable().filter(pk=obj.pk).exists()
        if readers_see:
            return super().get_view_on_site_url(obj)
        return reverse("public:staff_preview", args=[obj.pk])

    # --- list -----------------------------------------------------------------------------------------

    @admin.display(description="trạng thái", ordering="status")
    def status_label(self, article: Article) -> str:
        if article.is_scheduled:
            return mark_safe('<strong title="Bài tự xuất hiện đúng giờ đăng">Hẹn giờ</strong>')
        return article.get_status_display()

    @admin.display(description="giờ đăng (Hà Nội)", ordering="published_at")
    def publication_time(self, article: Article) -> str:
        return vn_short_datetime(article.published_at)

    # --- the change form ------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.workflow_context(request, object_id)}
        try:
            return self._changeform_with_revision(request, object_id, form_url, extra_context)
        except services.EditConflict as conflict:
            # Lost the race between the form's check and the save: the transaction was rolled back; show
            # the form again with the editor's text and the conflict as its error.
            request.edit_conflict = str(conflict)
            return self._changeform_with_revision(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        editable = obj is None or self.has_change_permission(request, obj)
        if not editable:
            # Read-only view: no form to protect, so no version field to show.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "loaded_version"]})
                for name, options in fieldsets
            ]
        if editable and obj is not None and obj.status == Article.Status.PUBLISHED:
            fieldsets = [LIVE_EDIT_FIELDSET, *fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            # Its publication time changes through the step “Đăng lại / đổi giờ đăng”, not through an edit.
            fields.append("published_at")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        conflict = getattr(request, "edit_conflict", None)
        if conflict:
            form = type(form.__name__, (form,), {"known_conflict": conflict})
        return form

    def _changeform_with_revision(self, request, object_id, form_url, extra_context):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Tạo bài" if object_id is None else "Sửa bài")
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if change and obj.loaded_status == Article.Status.PUBLISHED:
            # Readers keep the published text: the changes become the article's edit waiting for review.
            request.live_edit = live_edits.propose(
                article=obj,
                by=request.user,
                data=live_edits.data_from_form(form.cleaned_data, article=obj, uploaded_by=request.user),
                kind=form.cleaned_data.get("edit_kind") or live_edits.Kind.MINOR,
                note=form.cleaned_data.get("edit_note") or "",
                expected_version=form.cleaned_data.get("loaded_version"),
            )
            return
        if change:
            obj.version = services.claim_version(
                article_id=obj.pk, expected_version=form.cleaned_data.get("loaded_version")
            )
        else:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        stored_pictures.remember_form_pictures(form=form, instance=obj, uploaded_by=request.user)
        if not change:
            services.record_created(article=obj, by=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        if getattr(request, "live_edit", None) is None:
            super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if getattr(request, "live_edit", None) is None:
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, "live_edit", None) is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            f"Đã lưu bản sửa của “{obj.title}”. Bạn đọc vẫn thấy bản đang đăng cho tới khi người duyệt đăng bản sửa.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    # --- bulk actions -----------------------------------------------------------------------------------

    @admin.action(description="Gửi duyệt các bài đã chọn", permissions=["submit"])
    def submit_selected(self, request, queryset) -> None:
        _run_on_selection(self, request, queryset, services.submit, "Đã gửi duyệt")

    @admin.action(description="Duyệt và đăng các bài đã chọn", permissions=["approve"])
    def approve_selected(self, request, queryset) -> None:
        _run_on_selection(self, request, queryset, services.approve, "Đã duyệt và đăng")

    @admin.action(description="Đưa các bài đã chọn vào lưu trữ", permissions=["archive"])
    def archive_selected(self, request, queryset) -> None:
        _run_on_selection(self, request, queryset, services.archive, "Đã lưu trữ")


def _ids_as_rows(manager, ids: list[int]):
    """A link's rows known only by id, as if prefetched: the form needs their ids, its widgets read their names."""
    rows = manager.none()
    rows._result_cache = [manager.model(pk=pk) for pk in ids]
    rows._prefetch_done = True
    return rows


def is_related_autocomplete(request) -> bool:
    return is_autocomplete_for(request, model_name="article", field_name="related")
