"""Documents in the admin: within the editor's agencies, files checked on upload, relations, and the workflow steps
of the articles' table (articles/newsroom/workflow.py), which only call articles/documents/services.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.documents import files, services
from articles.documents.admin.forms import DocumentFileForm
from articles.documents.models import (
    Document,
    DocumentEvent,
    DocumentField,
    DocumentFile,
    DocumentRelation,
    DocumentType,
    NumberSuggestion,
)
from articles.newsroom import rights, workflow
from articles.newsroom.admin.forms import CommentForm, RejectForm, ScheduleForm, WithdrawForm

STEP_FORMS: dict[workflow.Step, type[forms.Form]] = {
    workflow.SUBMIT: CommentForm,
    workflow.APPROVE: ScheduleForm,
    workflow.REJECT: RejectForm,
    workflow.PUBLISH: ScheduleForm,
    workflow.WITHDRAW: WithdrawForm,
    workflow.ARCHIVE: CommentForm,
}
WRITER_EDITABLE = {Document.Status.DRAFT}
APPROVER_EDITABLE = {Document.Status.DRAFT, Document.Status.SUBMITTED, Document.Status.PUBLISHED}


def can_change(user, document: Document) -> bool:
    """As for articles (articles/newsroom/rights.py): a writer edits drafts, an approver also submissions and
    published documents, each only for their agencies."""
    if not (user.has_perm("documents.change_document") and rights.can_access_agency(user, document.agency_id)):
        return False
    if user.is_superuser:
        return True
    return document.status in (APPROVER_EDITABLE if user.has_perm("documents.approve_document") else WRITER_EDITABLE)


class DocumentFileInline(admin.StackedInline):
    model = DocumentFile
    form = DocumentFileForm
    extra = 1
    fields = ["upload", "label", "kind_label", "size_label", "order"]
    readonly_fields = ["label", "kind_label", "size_label"]

    @admin.display(description="định dạng")
    def kind_label(self, obj: DocumentFile) -> str:
        return obj.get_kind_display() if obj.pk else ""

    @admin.display(description="dung lượng")
    def size_label(self, obj: DocumentFile) -> str:
        return obj.size_label if obj.pk else ""


class RelationInline(admin.StackedInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["kind", "target", "note"]
    verbose_name = "quan hệ với văn bản khác"
    verbose_name_plural = "quan hệ với văn bản khác (văn bản này thay thế, sửa đổi, thực hiện… văn bản kia)"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    change_form_template = "admin/documents/document/change_form.html"
    list_display = ["title", "summary_short", "agency", "issued_on", "status"]
    list_filter = ["status", "document_type", ("agency", admin.RelatedOnlyFieldListFilter), "field"]
    list_select_related = ["agency"]
    search_fields = ["number", "title", "summary"]
    autocomplete_fields = ["agency", "joint_agencies", "signer", "programme"]
    readonly_fields = ["status", "withdrawn_reason", "created_by", "updated_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["document_type", "number", "summary", "description", "field"]}),
        ("Ban hành", {"fields": ["agency", "joint_agencies", "signer", "signer_title", "issued_on", "effective_on",
                                 "expires_on"]}),
        ("Chương trình", {"fields": ["programme"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "withdrawn_reason"]}),
        ("Thông tin lưu vết", {"classes": ["collapse"], "fields": ["created_by", "created_at", "updated_by",
                                                                   "updated_at"]}),
    ]  # fmt: skip
    inlines = [DocumentFileInline, RelationInline]

    @admin.display(description="trích yếu")
    def summary_short(self, document: Document) -> str:
        return document.summary[:120]

    def get_queryset(self, request: HttpRequest):
        ids = rights.agency_ids_of(request.user)
        documents = Document.objects.select_related("agency", "document_type")
        return documents if ids is None else documents.filter(agency_id__in=ids)

    def has_view_permission(self, request, obj=None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or rights.can_access_agency(request.user, obj.agency_id))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or rights.can_access_agency(request.user, obj.agency_id))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = rights.agencies_of(request.user)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        agencies = list(rights.agencies_of(request.user)[:2]) if not rights.works_for_all_agencies(request.user) else []
        if len(agencies) == 1:
            initial.setdefault("agency", str(agencies[0].pk))
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "issued_on" in form.base_fields:
            form.base_fields["issued_on"].required = True
        return form

    def save_model(self, request, obj: Document, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            services.record_created(document=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            checked = getattr(inline_form, "preview_of", None)
            if checked is None or not inline_form.instance.pk:
                continue
            if name := files.store_preview(checked=checked, uploaded_by=request.user):
                inline_form.instance.preview.name = name
                inline_form.instance.save(update_fields=["preview"])

    # --- workflow ---------------------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/quy-trinh/<slug:step>/", wrap(self.workflow_view), name="documents_document_step"),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._workflow_context(request, object_id)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request, object_id) -> dict:
        document = self.get_object(request, object_id) if object_id else None
        if document is None:
            return {}
        steps = [
            (step.label, reverse("admin:documents_document_step", args=[document.pk, step.slug]), step.primary)
            for step in workflow.steps_for(request.user, document, services.STEPS)
        ]
        events = DocumentEvent.objects.filter(document=document).select_related("actor")[:20]
        return {"workflow_steps": steps, "workflow_events": events}

    def workflow_view(self, request, object_id, step) -> HttpResponse:
        spec = workflow.STEPS.get(step)
        if spec is None or spec not in services.STEPS:
            raise Http404
        document = self.get_object(request, object_id)
        if document is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)  # type: ignore[attr-defined]
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        change_url = reverse("admin:documents_document_change", args=[document.pk])
        data = request.POST if request.method == "POST" else None
        form_class = STEP_FORMS[spec]
        if form_class is ScheduleForm:
            start = timezone.localtime(max(document.published_at, timezone.now()))
            form: forms.Form = ScheduleForm(data, initial={"publish_at": start})
        else:
            form = form_class(data)
        if data is not None and form.is_valid():
            try:
                services.RUN[spec](document=document, by=request.user, **form.cleaned_data)
            except (PermissionDenied, services.WorkflowError) as error:
                self.message_user(request, str(error) or "Bạn không có quyền làm việc này.", messages.ERROR)
            else:
                self.message_user(request, f"{spec.done}: “{document.title}”.", messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/item_workflow/step.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": document,
                "title": f"{spec.label}: {document.title}",
                "change_url": change_url,
                "form": form,
            },
        )


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "symbol", "schema_type", "order"]
    list_editable = ["order"]


@admin.register(DocumentField)
class DocumentFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(NumberSuggestion)
class NumberSuggestionAdmin(admin.ModelAdmin):
    """Numbers named in articles that no document has: an editor may add the document (never done by itself)."""

    list_display = ["number", "year", "article", "created_at"]
    search_fields = ["number", "article__title"]
    list_select_related = ["article"]
    readonly_fields = ["number", "number_key", "year", "article", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
