"""The site settings in the admin: one record (no list, no adding a second, no deleting), the main menu as an
inline list that site administrators put in order."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from articles.site.emblem import CleanEmblem, clean_emblem
from articles.site.models import SINGLETON_ID, MenuItem, SiteSettings

IDENTITY_FIELDS = ("name", "name_en", "description", "description_en", "emblem")
# What the law asks every page's footer to show (the owner body, the person responsible, the licence…).
FOOTER_FIELDS = (
    "owner_body",
    "owner_body_en",
    "responsible_person",
    "licence_number",
    "licence_date",
    "licence_issuer",
    "licence_issuer_en",
    "address",
    "address_en",
    "phone",
    "email",
    "reuse_notice",
    "reuse_notice_en",
    "accessibility_url",
    "privacy_url",
)


class EmblemField(forms.FileField):
    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else clean_emblem(upload)


class SiteSettingsForm(forms.ModelForm):
    emblem = EmblemField(
        label="Biểu trưng (SVG hoặc PNG)",
        required=False,
        help_text="SVG (chỉ hình vẽ, không có mã lệnh) hoặc PNG. Ảnh được kiểm tra và lưu lại thành tệp mới.",
    )

    class Meta:
        model = SiteSettings
        fields = (*IDENTITY_FIELDS, *FOOTER_FIELDS)


class MenuItemInline(admin.TabularInline):
    model = MenuItem
    extra = 1
    fields = ["order", "label", "label_en", "section", "url"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    form = SiteSettingsForm
    inlines = [MenuItemInline]
    fieldsets = [
        (None, {"fields": IDENTITY_FIELDS}),
        ("Thông tin bắt buộc ở chân trang", {"fields": FOOTER_FIELDS}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # One record: the list would only ever hold it.
        if SiteSettings.objects.filter(pk=SINGLETON_ID).exists():
            return HttpResponseRedirect(reverse("admin:site_sitesettings_change", args=[SINGLETON_ID]))
        return HttpResponseRedirect(reverse("admin:site_sitesettings_add"))

    def save_model(self, request: HttpRequest, obj: SiteSettings, form, change: bool) -> None:
        emblem = form.cleaned_data.get("emblem")
        if isinstance(emblem, CleanEmblem):
            obj.emblem_width, obj.emblem_height = emblem.width, emblem.height
        elif emblem is False:  # "clear" ticked
            obj.emblem_width = obj.emblem_height = None
        super().save_model(request, obj, form, change)
