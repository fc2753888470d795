"""The article admin's own pages: workflow steps (with what will be published and the difference from what is
published), preview links, and the article's one history (steps and revisions, compare and restore)."""

from __future__ import annotations

from collections.abc import Callable

import reversion
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.newsroom import history, live_edits, rights, services, workflow
from articles.newsroom.admin.forms import (
    CommentForm,
    PreviewForm,
    PublishEditForm,
    RejectForm,
    ReturnEditForm,
    ScheduleForm,
    WithdrawForm,
)
from articles.newsroom.models import Article
from articles.newsroom.revisions import FieldDiff, compare

# The form each step of the workflow table asks for (articles/newsroom/workflow.py).
STEP_FORMS: dict[workflow.Step, type[forms.Form]] = {
    workflow.SUBMIT: CommentForm,
    workflow.APPROVE: ScheduleForm,
    workflow.REJECT: RejectForm,
    workflow.PUBLISH_EDIT: PublishEditForm,
    workflow.RETURN_EDIT: ReturnEditForm,
    workflow.DISCARD_EDIT: CommentForm,
    workflow.PUBLISH: ScheduleForm,
    workflow.WITHDRAW: WithdrawForm,
    workflow.ARCHIVE: CommentForm,
}
RUN: dict[workflow.Step, Callable[..., object]] = {**services.RUN, **live_edits.RUN}
# Steps whose page shows the article as it will be published, next to what readers see now.
REVIEW_STEPS = {workflow.APPROVE, workflow.REJECT, workflow.PUBLISH_EDIT, workflow.RETURN_EDIT}


def last_published_data(article: Article) -> dict | None:
    """The article's fields as last published, from its revisions; None when it never was."""
    for version in services.revisions_of(article).order_by("-pk"):
        if version.field_dict.get("status") == Article.Status.PUBLISHED:
            return version.field_dict
    return None


def _links(article: Article) -> dict[str, list[int]] | None:
    """The link ids the admin read with the article (ArticleAdmin.get_object), if it did."""
    cache = getattr(article, "_prefetched_objects_cache", {})
    if not all(name in cache for name in live_edits.LINKS):
        return None
    return {name: sorted(row.pk for row in cache[name]) for name in live_edits.LINKS}


def review_of(article: Article) -> dict:
    """What a reviewer needs: the preview address and the difference from the published text, if any."""
    edit = workflow.open_edit(article)
    if edit is not None:
        published: dict | None = {**live_edits.data_of(article, _links(article)), "status": article.status}
        proposed = {**edit.data, "status": article.status}
        preview_url = reverse("public:staff_preview_edit", args=[article.pk])
    else:
        published = last_published_data(article)
        proposed = {**live_edits.data_of(article, _links(article)), "status": Article.Status.PUBLISHED}
        if published is not None:
            published = {**published, "status": Article.Status.PUBLISHED}
        preview_url = reverse("public:staff_preview", args=[article.pk])
    differences: list[FieldDiff] | None = compare(published, proposed) if published is not None else None
    return {"preview_url": preview_url, "differences": differences, "edit": edit}


class ArticlePages:
    """Mixed into ArticleAdmin (a ModelAdmin)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("<path:object_id>/quy-trinh/<slug:step>/", wrap(self.workflow_view), name="articles_article_step"),
            path("<path:object_id>/xem-truoc/", wrap(self.preview_view), name="articles_article_preview"),
            path("<path:object_id>/phien-ban/", wrap(self.revisions_view), name="articles_article_revisions"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def workflow_context(self, request, object_id) -> dict:
        if object_id is None:
            return {}
        article = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if article is None:
            return {}
        steps = [
            (step.label, reverse("admin:articles_article_step", args=[article.pk, step.slug]), step.primary)
            for step in workflow.steps_for(request.user, article)
        ]
        return {
            "workflow_steps": steps,
            "can_preview": workflow.may_take(request.user, article, workflow.PREVIEW),
            "open_edit": workflow.open_edit(article),
            "recent_steps": article.workflow_events.select_related("actor").order_by("-created_at", "-id")[:8],
        }

    def _article_or_redirect(self, request, object_id):
        article = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if article is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)  # type: ignore[attr-defined]
        if not self.has_view_permission(request, article):  # type: ignore[attr-defined]
            raise PermissionDenied
        return article, None

    def _page(self, request, article, template: str, title: str, **context) -> TemplateResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "opts": self.opts,  # type: ignore[attr-defined]
                "original": article,
                "title": title,
                "change_url": reverse("admin:articles_article_change", args=[article.pk]),
                **context,
            },
        )

    def _back(self, article: Article) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def workflow_view(self, request, object_id, step) -> HttpResponse:
        spec = workflow.STEPS.get(step)
        if spec is None:
            raise Http404
        article, redirect = self._article_or_redirect(request, object_id)
        if redirect:
            return redirect
        # Refused before any form is shown: the page offers only what this user may do now.
        reason = workflow.wrong_state(spec, article) or workflow.refusal(request.user, article, spec)
        if reason:
            self.message_user(request, reason, messages.ERROR)  # type: ignore[attr-defined]
            return self._back(article)
        data = request.POST if request.method == "POST" else None
        form_class = STEP_FORMS[spec]
        form: forms.Form
        if form_class is ScheduleForm:
            form = ScheduleForm.for_article(article, data)
        elif form_class is PublishEditForm:
            form = PublishEditForm.for_article(article, data)
        else:
            form = form_class(data)
        if data is not None and form.is_valid():
            try:
                RUN[spec](article=article, by=request.user, **form.cleaned_data)
            except (PermissionDenied, services.WorkflowError) as error:
                self.message_user(request, str(error) or "Bạn không có quyền làm việc này.", messages.ERROR)  # type: ignore[attr-defined]
            else:
                self.message_user(request, f"{spec.done}: “{article.title}”.", messages.SUCCESS)  # type: ignore[attr-defined]
            return self._back(article)
        review = review_of(article) if spec in REVIEW_STEPS else {}
        return self._page(
            request,
            article,
            "admin/articles/article/workflow_step.html",
            f"{spec.label}: {article.title}",
            form=form,
            step=spec,
            **review,
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
                self.message_user(request, str(error), messages.ERROR)  # type: ignore[attr-defined]
                return self._back(article)
            link = request.build_absolute_uri(reverse("public:preview", args=[token]))
        return self._page(
            request,
            article,
            "admin/articles/article/preview_link.html",
            f"Liên kết xem trước: {article.title}",
            form=form,
            link=link,
        )

    def history_view(self, request, object_id, extra_context=None) -> HttpResponse:
        """The admin's “Lịch sử”: steps and revisions of the article in one timeline."""
        article, redirect = self._article_or_redirect(request, object_id)
        if redirect:
            return redirect
        return self._page(
            request,
            article,
            "admin/articles/article/history.html",
            f"Lịch sử: {article.title}",
            entries=history.timeline(article),
            open_edit=workflow.open_edit(article),
            can_restore=rights.can_change(request.user, article),
        )

    def revisions_view(self, request, object_id) -> HttpResponse:
        """Two revisions compared (links from the history), and restoring one (a button there)."""
        article, redirect = self._article_or_redirect(request, object_id)
        if redirect:
            return redirect
        history_url = reverse("admin:articles_article_history", args=[article.pk])
        if request.method == "POST":
            try:
                live_edits.restore_version(
                    article=article,
                    version_id=int(request.POST.get("version_id", 0)),
                    by=request.user,
                    expected_version=int(request.POST.get("article_version", 0)),
                )
            except (PermissionDenied, services.EditConflict, services.WorkflowError) as error:
                self.message_user(request, str(error), messages.ERROR)  # type: ignore[attr-defined]
            except (ValueError, reversion.models.Version.DoesNotExist):
                self.message_user(request, "Không tìm thấy phiên bản cần khôi phục.", messages.ERROR)  # type: ignore[attr-defined]
            else:
                done = (
                    "Đã khôi phục phiên bản cũ thành một bản sửa chờ duyệt; bạn đọc vẫn thấy bản đang đăng."
                    if article.status == Article.Status.PUBLISHED
                    else "Đã khôi phục phiên bản cũ thành một lần lưu mới."
                )
                self.message_user(request, done, messages.SUCCESS)  # type: ignore[attr-defined]
                return self._back(article)
            return HttpResponseRedirect(history_url)
        versions = {str(version.pk): version for version in services.revisions_of(article)}
        older, newer = versions.get(request.GET.get("a", "")), versions.get(request.GET.get("b", ""))
        if older and newer and older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        return self._page(
            request,
            article,
            "admin/articles/article/revisions.html",
            f"So sánh phiên bản: {article.title}",
            older=older,
            newer=newer,
            differences=compare(older.field_dict, newer.field_dict) if older and newer else None,
            history_url=history_url,
        )
