"""The admin of items taken through the workflow table besides articles (English versions, pages editors write):
the steps the table allows as buttons, a step page that only calls `item_steps.take`, and revisions with
django-reversion's history (compare by opening a revision, restore one as a new save)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin

from articles.newsroom import item_steps, rights, services, workflow
from articles.newsroom.admin.forms import CommentForm, RejectForm

# Steps an item other than an article may take: no withdrawal with a public notice, no scheduling.
ITEM_STEPS = (workflow.SUBMIT, workflow.APPROVE, workflow.REJECT, workflow.ARCHIVE)
# Fields the workflow owns: a form never writes them, and restoring a revision never brings them back.
WORKFLOW_FIELDS = ("status", "submitted_by", "submitted_at", "published_at", "version", "updated_by", "updated_at")


class WorkflowItemAdmin(VersionAdmin):
    change_form_template = "admin/item_workflow/change_form.html"

    def _url_name(self, what: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{what}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/quy-trinh/<slug:step>/", wrap(self.step_view), name=self._url_name("step")),
            *super().get_urls(),
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return rights.can_access_agency(request.user, obj.agency_id) and obj.status in rights.editable_statuses(
            request.user
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rights.can_access_agency(request.user, obj.agency_id))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        item = self.get_object(request, object_id)
        steps = []
        if item is not None:
            steps = [
                (step.label, reverse(f"admin:{self._url_name('step')}", args=[item.pk, step.slug]), step.primary)
                for step in workflow.steps_for(request.user, item, ITEM_STEPS)
            ]
        context = {**(extra_context or {}), "workflow_steps": steps}
        return super().change_view(request, object_id, form_url, context)

    def step_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        spec = workflow.STEPS.get(step)
        if spec is None or spec not in ITEM_STEPS:
            raise Http404
        item = self.get_object(request, object_id)
        if item is None or not self.has_view_permission(request, item):
            raise PermissionDenied
        change_url = reverse(f"admin:{self._url_name('change')}", args=[item.pk])
        form = (RejectForm if spec is workflow.REJECT else CommentForm)(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                item_steps.take(item=item, by=request.user, step=spec, comment=form.cleaned_data["comment"])
            except (PermissionDenied, services.WorkflowError) as error:
                self.message_user(request, str(error) or "Bạn không có quyền làm việc này.", messages.ERROR)
            else:
                self.message_user(request, f"{spec.done}: “{item}”.", messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "title": f"{spec.label}: {item}",
            "change_url": change_url,
            "form": form,
        }
        return TemplateResponse(request, "admin/item_workflow/step.html", context)
