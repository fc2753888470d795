"""Read-only views for operators (superusers): who subscribed to what, paused addresses, what was sent."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from articles.alerts import topics
from articles.alerts.models import Announcement, Consent, Subscriber, Subscription


class ReadOnly(admin.ModelAdmin):
    """Subscribers change their own data through their signed links; nobody edits it here."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


SUBSCRIPTION_FIELDS: tuple[str, ...] = ("kind", *topics.FIELDS, "frequency", "created_at")


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = SUBSCRIPTION_FIELDS
    readonly_fields = SUBSCRIPTION_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ConsentInline(SubscriptionInline):
    model = Consent  # type: ignore[assignment]
    fields = ("topic", "wording_version", "requested_at", "requested_from", "confirmed_at", "confirmed_from")
    readonly_fields = fields


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnly):
    list_display = ("email", "status", "hard_bounces", "created_at")
    list_filter = ("status",)
    search_fields = ("email",)
    inlines = (SubscriptionInline, ConsentInline)


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnly):
    list_display = ("article", "document", "recipients", "created_at")
    list_select_related = ("article", "document")
