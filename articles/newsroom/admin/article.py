"""Articles in the admin: restricted to the editor's agencies, optimistic locking, workflow steps,
revisions (compare and restore) and preview links. Workflow steps only call articles/services.py."""

from __future__ import annotations

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles.newsroom import rights, services, stored_pictures, workflow
from articles.newsroom.admin.directory import is_autocomplete_for
from articles.newsroom.admin.forms import (
    ArticleAdminForm,
    CommentForm,
    PreviewForm,
    RejectForm,
    ScheduleForm,
    WithdrawForm,
)
from articles.newsroom.models import Article
from articles.newsroom.revisions import compare
from articles.newsroom.templatetags.vn import vn_short_datetime

# The form each step of the workflow table asks for (articles/newsroom/workflow.py).
STEP_FORMS: dict[workflow.Step, type[forms.Form]] = {
    workflow.SUBMIT: CommentForm,
    workflow.APPROVE: ScheduleForm,
    workflow.REJECT: RejectForm,
    workflow.PUBLISH: ScheduleForm,
    workflow.WITHDRAW: WithdrawForm,
    workflow.ARCHIVE: CommentForm,
}


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
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "agency", "status_label", "publication_time", "updated_by"]
    list_filter = ["status", ("agency", admin.RelatedOnlyFieldListFilter), "programmes"]
    list_select_related = ["agency", "updated_by"]
    search_fields = ["title", "lead", "legacy_id"]
    date_hierarchy = "published_at"
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
    actions = ["submit_selected", "approve_selected", "archive_selected"]

    @admin.display(description="tên bài liên quan (cổng cũ)")
    def legacy_related_titles(self, obj: Article) -> str:
        return format_html_join(mark_safe("<br>"), "{}", ((title,) for title in obj.related_titles)) or "–"

    # --- what the user may see and touch -------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        return rights.articles_for(request.user).select_related("agency", "updated_by")

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = rights.agencies_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            kwargs["queryset"] = rights.linkable_articles_for(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # Related articles: the editor's agencies' articles, or any public article (see README).
        if is_autocomplete_for(request, model_name="article", field_name="related"):
            queryset = rights.linkable_articles_for(request.user)
        return super().get_search_results(request, queryset, search_term)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        agencies = list(rights.agencies_of(request.user)[:2]) if not rights.works_for_all_agencies(request.user) else []
        if len(agencies) == 1:
            initial.setdefault("agency", str(agencies[0].pk))
        return initial

    # --- list -----------------------------------------------------------------------------------------

    @admin.display(description="trạng thái", ordering="status")
    def status_label(self, article: Article) -> str:
        if article.is_scheduled:
            return mark_safe('<strong title="Bài tự xuất hiện đúng giờ đăng">Hẹn giờ</strong>')
        return article.get_status_display()

    @admin.display(description="giờ đăng (Hà Nội)", ordering="published_at")
    def publication_time(self, article: Article) -> str:
        return vn_short_datetime(article.published_at)

    # --- saving: revisions and optimistic locking -----------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._workflow_context(request, object_id)}
        try:
            return self._changeform_with_revision(request, object_id, form_url, extra_context)
        except services.EditConflict as conflict:
            # Lost the race between the form's check and the save: the transaction was rolled back; show
            # the form again with the editor's text and the conflict as its error.
            request.edit_conflict = str(conflict)
            return self._changeform_with_revision(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only view: no form to protect, so no version field to show.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "loaded_version"]})
                for name, options in fieldsets
            ]
        return fieldsets

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

    # --- workflow steps, preview, revisions -----------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/quy-trinh/<slug:step>/", wrap(self.workflow_view), name="articles_article_step"),
            path("<path:object_id>/xem-truoc/", wrap(self.preview_view), name="articles_article_preview"),
            path("<path:object_id>/phien-ban/", wrap(self.revisions_view), name="articles_article_revisions"),
            *super().get_urls(),
        ]

    def _workflow_context(self, request, object_id) -> dict:
        if object_id is None:
            return {}
        article = self.get_object(request, object_id)
        if article is None:
            return {}
        steps = [
            (step.label, reverse("admin:articles_article_step", args=[article.pk, step.slug]), step.primary)
            for step in workflow.steps_for(request.user, article)
        ]
        return {
            "workflow_steps": steps,
            "can_preview": workflow.may_take(request.user, article, workflow.PREVIEW),
            "workflow_events": article.workflow_events.select_related("actor")[:20],
        }

    def _article_or_redirect(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            return None, self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined]  # ModelAdmin's own
                request, self.opts, object_id
            )
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article, None

    def _page(self, request, article, template: str, title: str, **context) -> TemplateResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": title,
                "change_url": reverse("admin:articles_article_change", args=[article.pk]),
                **context,
            },
        )

    def workflow_view(self, request, object_id, step) -> HttpResponse:
        spec = workflow.STEPS.get(step)
        if spec is None:
            raise Http404
        article, redirect = self._article_or_redirect(request, object_id)
        if redirect:
            return redirect
        data = request.POST if request.method == "POST" else None
        form_class = STEP_FORMS[spec]
        form = ScheduleForm.for_article(article, data) if form_class is ScheduleForm else form_class(data)
        if data is not None and form.is_valid():
            try:
                services.RUN[spec](article=article, by=request.user, **form.cleaned_data)
            except (PermissionDenied, services.WorkflowError) as error:
                self.message_user(request, str(error) or "Bạn không có quyền làm việc này.", messages.ERROR)
            else:
                self.message_user(request, f"{spec.done}: “{article.title}”.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return self._page(
            request, article, "admin/articles/article/workflow_step.html", f"{spec.label}: {article.title}", form=form
        )

    def preview_view(self, request, object_id) -> HttpResponse:
        article, redirect = self._article_or_redirect(request, object_id)
        if redirect:
            return redirect
        form = PreviewForm(request.POST if request.method == "POST" else None)
        link = None
        if request.method == "POST" and form.is_valid():
            try:
                token = services.create_preview_token(article=article, by=request.user, days=form.cleaned_data["days"])
            except (PermissionDenied, services.WorkflowError) as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
            link = request.build_absolute_uri(reverse("public:preview", args=[token]))
        return self._page(
            request,
            article,
            "admin/articles/article/preview_link.html",
            f"Liên kết xem trước: {article.title}",
            form=form,
            link=link,
        )

    def revisions_view(self, request, object_id) -> HttpResponse:
        article, redirect = self._article_or_redirect(request, object_id)
        if redirect:
            return redirect
        versions = list(services.revisions_of(article))
        if request.method == "POST":
            try:
                services.restore_revision(
                    article=article,
                    version_id=int(request.POST.get("version_id", 0)),
                    by=request.user,
                    expected_version=int(request.POST.get("article_version", 0)),
                )
            except (PermissionDenied, services.EditConflict) as error:
                self.message_user(request, str(error), messages.ERROR)
            except (ValueError, reversion.models.Version.DoesNotExist):
                self.message_user(request, "Không tìm thấy phiên bản cần khôi phục.", messages.ERROR)
            else:
                self.message_user(request, "Đã khôi phục phiên bản cũ thành một lần lưu mới.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
            return HttpResponseRedirect(request.path)
        by_id = {str(version.pk): version for version in versions}
        older, newer = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
        if older and newer and older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        differences = compare(older.field_dict, newer.field_dict) if older and newer else None
        return self._page(
            request,
            article,
            "admin/articles/article/revisions.html",
            f"Các phiên bản: {article.title}",
            versions=versions,
            older=older,
            newer=newer,
            differences=differences,
            can_restore=rights.can_change(request.user, article),
        )

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
