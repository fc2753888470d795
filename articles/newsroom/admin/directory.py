"""Directory data shared by all agencies: agencies, officials with their appointments, programmes."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from articles.newsroom import rights, stored_pictures
from articles.newsroom.admin.forms import OfficialAdminForm
from articles.newsroom.models import Agency, Appointment, Official, Programme


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["parent", "superseded_by"]
    # Government sites answer on https; an address typed without its scheme is taken as one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "aliases", "slug", "kind", "parent", "description", "functions"]}),
        ("Thông tin liên hệ", {"fields": ["address", "phone", "email", "website", "working_hours"]}),
        (
            "Tiếng Anh",
            {
                "description": "Bản tiếng Anh do biên tập viên viết; để trống thì trang tiếng Anh hiện bản tiếng Việt.",
                "fields": ["name_en", "functions_en", "address_en", "working_hours_en"],
            },
        ),
        ("Tình trạng hoạt động", {"fields": ["status", "superseded_by", "ended_on"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Choosing an article's agency offers only the editor's own agencies.
        if is_autocomplete_for(request, model_name="article", field_name="agency"):
            queryset = queryset.filter(pk__in=rights.agencies_of(request.user).values("pk"))
        return queryset, may_have_duplicates


def is_autocomplete_for(request, *, model_name: str, field_name: str) -> bool:
    return (
        request.resolver_match is not None
        and request.resolver_match.url_name == "autocomplete"
        and request.GET.get("app_label") == "articles"
        and request.GET.get("model_name") == model_name
        and request.GET.get("field_name") == field_name
    )


class AppointmentFormSet(BaseInlineFormSet):
    """Refuses two overlapping rows for one position typed in the same form."""

    def clean(self) -> None:
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.instance.start_date
        ]
        for i, first in enumerate(rows):
            for second in rows[i + 1 :]:
                if first.same_position(second) and first.overlaps(second):
                    raise ValidationError(
                        f"Hai lần giữ chức vụ “{first.title}” bị trùng thời gian; hãy sửa ngày bắt đầu hoặc kết thúc."
                    )


class AppointmentInline(admin.TabularInline):
    model = Appointment
    formset = AppointmentFormSet
    extra = 1
    autocomplete_fields = ["agency"]
    fields = ["title", "title_en", "agency", "start_date", "end_date", "order"]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    form = OfficialAdminForm
    list_display = ["full_name", "slug"]
    search_fields = ["full_name"]
    inlines = [AppointmentInline]

    def save_model(self, request, obj: Official, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        stored_pictures.remember_form_pictures(form=form, instance=obj, uploaded_by=request.user)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "issuing_agency", "start_year", "end_year", "needs_review"]
    list_filter = ["needs_review", "issuing_agency"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["issuing_agency"]
