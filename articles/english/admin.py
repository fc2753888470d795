"""English versions in the admin: within the editor's agencies, through the workflow table, with revisions."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from articles.english.models import EnglishVersion
from articles.newsroom import rights
from articles.newsroom.admin.item_steps import WorkflowItemAdmin


@admin.register(EnglishVersion)
class EnglishVersionAdmin(WorkflowItemAdmin):
    restorable_fields = ("title", "slug", "lead", "body")
    list_display = ["title", "article", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["article", "article__agency"]
    search_fields = ["title", "article__title"]
    autocomplete_fields = ["article"]
    fields = ["article", "title", "slug", "lead", "body"]

    def get_queryset(self, request: HttpRequest):
        ids = rights.agency_ids_of(request.user)
        queryset = super().get_queryset(request).select_related("article")
        return queryset if ids is None else queryset.filter(article__agency_id__in=ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = rights.articles_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
