"""Vietnamese date formatting for templates: `Thứ Hai, 18/06/2018 19:52`."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def hanoi(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def vn_datetime(value: datetime.datetime | None) -> str:
    if not value:
        return ""
    local = hanoi(value)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


@register.filter
def vn_short_datetime(value: datetime.datetime | None) -> str:
    if not value:
        return ""
    return f"{hanoi(value):%d/%m/%Y %H:%M}"


@register.filter
def vn_date(value: datetime.date | datetime.datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = hanoi(value)
    return f"{value:%d/%m/%Y}"
