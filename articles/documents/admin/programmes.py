"""Programmes' results in the admin: targets, progress reports with a value per target, and which programmes
have no report for the last period (articles/documents/selectors.py)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from articles.documents import selectors
from articles.documents.admin.forms import ProgrammeTargetForm, ReportedValueForm
from articles.documents.models import (
    Document,
    ProgrammeReporting,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
    period_end,
)
from articles.newsroom import rights


class TargetInline(admin.StackedInline):
    model = ProgrammeTarget
    form = ProgrammeTargetForm
    fk_name = "programme"
    extra = 1


class LastReportFilter(admin.SimpleListFilter):
    title = "báo cáo kỳ gần nhất"
    parameter_name = "bao_cao_ky_gan_nhat"

    def lookups(self, request, model_admin):
        return [("thieu", "Chưa có báo cáo"), ("co", "Đã có báo cáo")]

    def queryset(self, request, queryset):
        missing = selectors.programmes_without_report().values("pk")
        if self.value() == "thieu":
            return queryset.filter(pk__in=missing)
        if self.value() == "co":
            return queryset.exclude(pk__in=missing)
        return queryset


@admin.register(ProgrammeReporting)
class ProgrammeReportingAdmin(admin.ModelAdmin):
    """Where editors keep a programme's targets and see which programmes lack the last period's report."""

    change_list_template = "admin/documents/programmereporting/change_list.html"
    list_display = ["code", "title", "reports_count", "last_period_report"]
    list_filter = [LastReportFilter]
    search_fields = ["code", "title"]
    fields = ["code", "title"]
    readonly_fields = ["code", "title"]
    inlines = [TargetInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("progress_reports")

    @admin.display(description="số báo cáo")
    def reports_count(self, programme) -> int:
        return len(programme.progress_reports.all())

    @admin.display(description="báo cáo kỳ gần nhất", boolean=True)
    def last_period_report(self, programme) -> bool:
        end = selectors.last_period_end()
        return any(report.period_end == end for report in programme.progress_reports.all())

    def changelist_view(self, request, extra_context=None):
        end = selectors.last_period_end()
        missing = list(selectors.programmes_without_report().values_list("code", flat=True))
        extra_context = {**(extra_context or {}), "last_period_end": end, "missing_codes": missing}
        return super().changelist_view(request, extra_context)


class ValueFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        programme = getattr(self.instance, "programme", None) if self.instance.programme_id else None
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            target = data.get("target")
            if not target or data.get("DELETE"):
                continue
            if programme is not None and target.programme_id != programme.pk:
                raise ValidationError(f"Chỉ tiêu “{target.name}” không thuộc chương trình {programme.code}.")
            if target.pk in seen:
                raise ValidationError(f"Chỉ tiêu “{target.name}” được nhập hai lần trong một báo cáo.")
            seen.add(target.pk)


class ValueInline(admin.StackedInline):
    model = ReportedValue
    form = ReportedValueForm
    formset = ValueFormSet
    extra = 3
    autocomplete_fields = ["target"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["programme", "period_label", "document"]
    list_filter = ["year", "period"]
    list_select_related = ["programme", "document"]
    autocomplete_fields = ["programme", "document"]
    fields = ["programme", "year", "period", "text", "document"]
    inlines = [ValueInline]

    @admin.display(description="kỳ báo cáo")
    def period_label(self, report: ProgressReport) -> str:
        return f"{report.period_label} (đến {period_end(report.year, report.period):%d/%m/%Y})"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            ids = rights.agency_ids_of(request.user)
            kwargs["queryset"] = Document.objects.all() if ids is None else Document.objects.filter(agency_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ProgrammeTarget)
class ProgrammeTargetAdmin(admin.ModelAdmin):
    """Listed for the report form's target picker; targets are edited with their programme."""

    search_fields = ["name", "programme__code"]
    list_display = ["name", "unit", "programme"]

    def has_module_permission(self, request) -> bool:
        return False
