"""Pages in the admin: CKEditor in both languages, the workflow table's steps, revisions."""

from __future__ import annotations

from django.contrib import admin

from articles.newsroom.admin.item_steps import WorkflowItemAdmin
from articles.pages.models import Page


@admin.register(Page)
class PageAdmin(WorkflowItemAdmin):
    restorable_fields = ("title", "slug", "body", "title_en", "slug_en", "body_en")
    list_display = ["title", "kind", "status", "order", "updated_at"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"], "slug_en": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["kind", "order"]}),
        ("Tiếng Việt", {"fields": ["title", "slug", "body"]}),
        ("Tiếng Anh", {"fields": ["title_en", "slug_en", "body_en"]}),
    ]
