"""The admin of items taken through the workflow table besides articles (English versions, pages editors write):
the steps the table allows as buttons, a step page that only calls `item_steps.take`, and revisions with
django-reversion's history (compare by opening a revision, restore one as a new save)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.newsroom import item_steps, rights, services, workflow
from articles.newsroom.admin.forms import CommentForm, RejectForm
from articles.newsroom.revisions import html_to_text
from articles.newsroom.templatetags.vn import vn_short_datetime

# Steps an item other than an article may take: no withdrawal with a public notice, no scheduling.
ITEM_STEPS = (workflow.SUBMIT, workflow.APPROVE, workflow.REJECT, workflow.ARCHIVE)


class WorkflowItemAdmin(VersionAdmin):
    change_form_template = "admin/item_workflow/change_form.html"
    # What restoring a revision brings back: the text, never the workflow's fields.
    restorable_fields: tuple[str, ...] = ()

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

    def revision_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None) -> HttpResponse:
        """A revision from the history: its text, and a button that restores it as a new save (django-reversion's
        own revert would also bring back the workflow state it was saved in)."""
        item = self.get_object(request, unquote(object_id))
        if item is None or not self.has_view_permission(request, item):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(item), pk=version_id)
        change_url = reverse(f"admin:{self._url_name('change')}", args=[item.pk])
        saved_at = vn_short_datetime(version.revision.date_created)
        if request.method == "POST":
            if not self.has_change_permission(request, item):
                raise PermissionDenied
            item_steps.restore(
                item=item, data=version.field_dict, fields=self.restorable_fields, by=request.user, saved_at=saved_at
            )
            self.message_user(request, "Đã khôi phục phiên bản cũ thành một lần lưu mới.", messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        fields = [
            (str(self.opts.get_field(name).verbose_name), html_to_text(str(version.field_dict.get(name) or "")))
            for name in self.restorable_fields
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "title": f"Phiên bản lưu lúc {saved_at}: {item}",
            "change_url": change_url,
            "fields": fields,
            "can_restore": self.has_change_permission(request, item),
        }
        return TemplateResponse(request, "admin/item_workflow/revision.html", context)
