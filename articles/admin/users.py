"""Staff accounts with the agencies they work for."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from articles.models import EditorMembership

User = get_user_model()


class EditorMembershipInline(admin.TabularInline):
    model = EditorMembership
    extra = 1
    autocomplete_fields = ["agency"]
    verbose_name = "cơ quan làm việc"
    verbose_name_plural = "cơ quan làm việc (người dùng chỉ thấy và sửa bài của các cơ quan này)"


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [EditorMembershipInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Site administrators manage accounts and groups but cannot make anyone a superuser.
            readonly += ["is_superuser", "user_permissions"]
        return readonly
