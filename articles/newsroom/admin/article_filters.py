"""The article list's filters, each cheap with 100 000 articles (bench/admin.py): no DISTINCT over joined rows, no
scan of the whole table to offer choices. (Django's date hierarchy lists the years with a DISTINCT over every row,
and filtering through a many-to-many join makes the list DISTINCT over whole articles.)"""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from articles.newsroom import rights
from articles.newsroom.models import Article, Programme

MONTHS = [(str(number), f"Tháng {number}") for number in range(1, 13)]


def _local_bounds(year: int, month: int | None) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, month or 1, 1, tzinfo=zone)
    if month is None:
        end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    else:
        end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


class YearFilter(admin.SimpleListFilter):
    title = "năm đăng"
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        # The first and last dates: two index lookups, where listing the years that have articles reads every row.
        bounds = rights.articles_for(request.user).aggregate(first=Min("published_at"), last=Max("published_at"))
        if bounds["first"] is None:
            return []
        first, last = timezone.localtime(bounds["first"]).year, timezone.localtime(bounds["last"]).year
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset: QuerySet[Article]):
        year = self.value() or ""
        if not year.isdigit():
            return queryset
        month = request.GET.get(MonthFilter.parameter_name, "")
        start, end = _local_bounds(int(year), int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
        return queryset.filter(published_at__gte=start, published_at__lt=end)


class MonthFilter(admin.SimpleListFilter):
    """A month of the chosen year (the year filter applies both)."""

    title = "tháng đăng"
    parameter_name = "thang"

    def lookups(self, request, model_admin):
        return MONTHS if (request.GET.get(YearFilter.parameter_name) or "").isdigit() else []

    def queryset(self, request, queryset):
        return queryset


class AgencyFilter(admin.SimpleListFilter):
    """The user's own agencies (every agency for a site administrator)."""

    title = "cơ quan"
    parameter_name = "co_quan"

    def lookups(self, request, model_admin):
        return [
            (str(pk), name) for pk, name in rights.agencies_of(request.user).order_by("name").values_list("pk", "name")
        ]

    def queryset(self, request, queryset):
        return queryset.filter(agency_id=self.value()) if (self.value() or "").isdigit() else queryset


class ProgrammeFilter(admin.SimpleListFilter):
    """Articles about a programme: a subquery on the link table, so each article comes once without DISTINCT."""

    title = "chương trình"
    parameter_name = "chuong_trinh"

    def lookups(self, request, model_admin):
        return [(str(pk), code) for pk, code in Programme.objects.order_by("code").values_list("pk", "code")]

    def queryset(self, request, queryset):
        programme = self.value() or ""
        if not programme.isdigit():
            return queryset
        links = Article.programmes.through.objects.filter(programme_id=int(programme)).values("article_id")
        return queryset.filter(pk__in=links)
