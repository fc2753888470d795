"""The audit log of workflow steps, read-only."""

from __future__ import annotations

from django.contrib import admin

from articles.newsroom import rights
from articles.newsroom.models import WorkflowEvent
from articles.newsroom.templatetags.vn import vn_short_datetime


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    list_display = ["when", "actor", "action", "article_title", "from_status", "to_status", "superuser_override"]
    list_filter = ["action", "superuser_override"]
    list_select_related = ["actor"]
    search_fields = ["article_title", "comment", "actor__username"]
    date_hierarchy = "created_at"

    @admin.display(description="thời điểm (Hà Nội)", ordering="created_at")
    def when(self, event: WorkflowEvent) -> str:
        return vn_short_datetime(event.created_at)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = rights.agency_ids_of(request.user)
        return queryset if ids is None else queryset.filter(article__agency_id__in=ids)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
