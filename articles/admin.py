"""The editors' admin, in Vietnamese."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles.models import Agency, Appointment, Article, Official, Programme


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["parent", "superseded_by"]
    fieldsets = [
        (None, {"fields": ["name", "aliases", "slug", "kind", "parent", "description"]}),
        ("Thông tin liên hệ", {"fields": ["address", "phone", "email", "website"]}),
        ("Tình trạng hoạt động", {"fields": ["status", "superseded_by", "ended_on"]}),
    ]


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
    fields = ["title", "agency", "start_date", "end_date", "order"]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["full_name", "slug"]
    search_fields = ["full_name"]
    inlines = [AppointmentInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "issuing_agency", "start_year", "end_year", "needs_review"]
    list_filter = ["needs_review", "issuing_agency"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["issuing_agency"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "status", "published_at", "updated_by"]
    list_filter = ["status", "agency", "programmes"]
    list_select_related = ["agency", "updated_by"]
    search_fields = ["title", "lead", "legacy_id"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["agency", "officials", "programmes", "related", "mentioned_agencies"]
    readonly_fields = ["legacy_id", "legacy_related_titles", "created_by", "created_at", "updated_by", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        ("Ảnh đại diện", {"fields": ["cover", "cover_alt", "cover_caption"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "agency", "source"]}),
        ("Liên kết", {"fields": ["officials", "mentioned_agencies", "programmes", "related", "legacy_related_titles"]}),
        (
            "Thông tin lưu vết",
            {
                "classes": ["collapse"],
                "fields": ["legacy_id", "created_by", "created_at", "updated_by", "updated_at"],
            },
        ),
    ]

    @admin.display(description="tên bài liên quan (cổng cũ)")
    def legacy_related_titles(self, obj: Article) -> str:
        return format_html_join(mark_safe("<br>"), "{}", ((title,) for title in obj.related_titles)) or "–"

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
