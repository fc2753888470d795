"""Vietnamese date formatting for templates: `Thứ Hai, 18/06/2018 19:52`."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Translated on the English site (locale/en); the dates themselves stay day/month/year.
WEEKDAYS = (_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ Nhật"))


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


@register.filter
def vn_published(article) -> str:
    """An article's date of publication as its page shows it: `Thứ Hai, 18/06/2018 19:52`, or without the time
    when the old portal gave only the day (`Article.date_only`)."""
    if not article.date_only:
        return vn_datetime(article.published_at)
    local = hanoi(article.published_at)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"


@register.filter
def vn_published_short(article) -> str:
    """As `vn_published`, for lists: `18/06/2018 19:52` or `18/06/2018`."""
    return vn_date(article.published_at) if article.date_only else vn_short_datetime(article.published_at)
