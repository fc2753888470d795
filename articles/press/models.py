"""Spokespersons: per agency, the officials who speak for it or answer the press, with their press phone and
e-mail, from a date to an optional date (Decree 09/2017/NĐ-CP on spokespersons and information to the press)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from articles.newsroom.contacts import EmailAddressField, PhoneField
from articles.newsroom.models import Agency, Official


class SpokespersonQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> SpokespersonQuerySet:
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def current(self) -> SpokespersonQuerySet:
        """The one read rule for the public: those speaking for their agency today (Hanoi)."""
        return self.on(timezone.localdate())

    def for_page(self) -> SpokespersonQuerySet:
        return self.select_related("official").order_by("role", "start_date", "pk")


class Spokesperson(models.Model):
    class Role(models.TextChoices):
        # Interface strings: the English site shows them through locale/en (msgctxt keeps them apart).
        SPOKESPERSON = "spokesperson", pgettext_lazy("press role", "Người phát ngôn")
        INFORMATION_OFFICER = "information", pgettext_lazy("press role", "Người được giao cung cấp thông tin")

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="spokespersons")
    official = models.ForeignKey(
        Official, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="spokesperson_roles"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.SPOKESPERSON)
    phone = PhoneField("điện thoại cho báo chí", help_text="Ví dụ: 024 3825 3536 hoặc 0912 345 678.")
    email = EmailAddressField("thư điện tử cho báo chí", blank=True)
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày", null=True, blank=True, help_text="Để trống nếu đang đảm nhiệm.")

    objects = SpokespersonQuerySet.as_manager()

    # Rows saved in the same admin form, which compares them as typed (articles/press/admin.py).
    compared_in_form: set[int] = set()

    class Meta:
        verbose_name = "người phát ngôn"
        verbose_name_plural = "người phát ngôn, người cung cấp thông tin"
        ordering = ["agency", "role", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="spokesperson_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.official} – {self.get_role_display()} ({self.period_label})"

    @property
    def period_label(self) -> str:
        start = self.start_date.strftime("%d/%m/%Y") if self.start_date else "?"
        end = self.end_date.strftime("%d/%m/%Y") if self.end_date else "nay"
        return f"{start} – {end}"

    def overlaps(self, other: Spokesperson) -> bool:
        far = datetime.date.max
        return self.start_date <= (other.end_date or far) and other.start_date <= (self.end_date or far)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Ngày kết thúc phải sau ngày bắt đầu."})
        if not (self.agency_id and self.start_date and self.role):
            return
        others = Spokesperson.objects.filter(agency_id=self.agency_id, role=self.role).exclude(pk=self.pk)
        others = others.exclude(pk__in=self.compared_in_form)
        for other in others.select_related("official"):
            if self.overlaps(other):
                raise ValidationError(overlap_message(self, other))


def overlap_message(new: Spokesperson, old: Spokesperson) -> str:
    return (
        f"Thời gian {new.period_label} trùng với {old.official} ({old.period_label}), cũng là "
        f"“{Spokesperson.Role(old.role).label}” của cơ quan này; mỗi cơ quan chỉ có một người cho mỗi vai trò "
        "trong cùng một thời gian. Hãy sửa ngày bắt đầu hoặc ngày kết thúc."
    )
