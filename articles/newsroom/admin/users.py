"""Staff accounts with the agencies they work for.

Site administrators ("Quản trị trang") manage staff accounts, but a superuser account is out of their reach:
they see it, read-only. Only a superuser changes a superuser's password, flags, groups, permissions or
agencies, deactivates or deletes it; otherwise a site administrator could set a superuser's password and
log in as that superuser.
"""

from __future__ import annotations

import functools

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse

from articles.newsroom.models import EditorMembership

User = get_user_model()

SUPERUSER_OUT_OF_REACH = (
    "Tài khoản “{username}” là tài khoản superuser: chỉ một superuser mới được đổi mật khẩu, khóa, "
    "đổi nhóm, quyền hay cơ quan làm việc, hoặc xóa tài khoản này."
)
SUPERUSERS_SPARED = (
    "Đã bỏ qua {count} tài khoản superuser ({usernames}): chỉ một superuser mới được thao tác trên tài khoản superuser."
)


def out_of_reach(request, account) -> bool:
    """True when `account` is a superuser and the person asking is not one."""
    return account is not None and account.is_superuser and not request.user.is_superuser


class EditorMembershipInline(admin.TabularInline):
    model = EditorMembership
    extra = 1
    autocomplete_fields = ["agency"]
    verbose_name = "cơ quan làm việc"
    verbose_name_plural = "cơ quan làm việc (người dùng chỉ thấy và sửa bài của các cơ quan này)"

    # `obj` is the account the inline belongs to.
    def has_add_permission(self, request, obj=None) -> bool:
        return not out_of_reach(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not out_of_reach(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not out_of_reach(request, obj) and super().has_delete_permission(request, obj)


def sparing_superusers(action):
    """An admin action that runs on the selection minus its superusers, saying which it left alone."""

    @functools.wraps(action)
    def run(modeladmin, request, queryset):
        spared = list(queryset.filter(is_superuser=True).values_list("username", flat=True))
        if spared:
            modeladmin.message_user(
                request,
                SUPERUSERS_SPARED.format(count=len(spared), usernames=", ".join(spared)),
                messages.WARNING,
            )
        rest = queryset.filter(is_superuser=False)
        if not rest.exists():
            return None
        return action(modeladmin, request, rest)

    return run


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

    # Without change permission Django shows the account read-only and refuses a POST; the views below
    # answer those refusals with a message saying why.
    def has_change_permission(self, request, obj=None) -> bool:
        return not out_of_reach(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not out_of_reach(request, obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request) or {}
        if request.user.is_superuser:
            return actions
        spared = {}
        for key, action in actions.items():
            if action is not None:
                function, name, description = action
                action = (sparing_superusers(function), name, description)
            spared[key] = action
        return spared

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A GET shows the account read-only; only a POST would change it.
        if request.method == "POST" and (refused := self._refusal_for(request, object_id)):
            return refused
        return super().change_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        if refused := self._refusal_for(request, id):
            return refused
        return super().user_change_password(request, id, form_url)

    def delete_view(self, request, object_id, extra_context=None):
        if refused := self._refusal_for(request, object_id):
            return refused
        return super().delete_view(request, object_id, extra_context)

    def _refusal_for(self, request, object_id) -> TemplateResponse | None:
        account = self.get_object(request, unquote(object_id))
        if account is None or not out_of_reach(request, account):
            return None
        return TemplateResponse(
            request,
            "admin/auth/user/out_of_reach.html",
            {
                **self.admin_site.each_context(request),
                "title": "Không được thay đổi tài khoản này",
                "message": SUPERUSER_OUT_OF_REACH.format(username=account.get_username()),
                "account": account,
                "opts": self.opts,
            },
            status=403,
        )
