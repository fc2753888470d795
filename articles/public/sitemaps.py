"""sitemap.xml: an index of sections, each split into pages of at most `limit` URLs."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.newsroom.models import Agency, Article, Official, Programme


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    # 1 000 URLs a page (as common SEO plugins do): a 170 KB page instead of 850 KB for 5 000, cheaper to serve
    # and to fetch again; the index lists the pages.
    limit = 1000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at").order_by("-published_at", "-id")

    def lastmod(self, item: Article):
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of loading every article for the index page.
        latest = Article.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return max(filter(None, latest.values()), default=None)


class AgencySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Agency.objects.only("slug").order_by("pk")


class OfficialSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Official.objects.only("slug").order_by("pk")


class ProgrammeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Programme.objects.only("slug").order_by("pk")


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "public:home",
            "public:agency_list",
            "public:official_list",
            "public:programme_list",
            "public:archive_index",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "trang": SectionSitemap,
    "bai-viet": ArticleSitemap,
    "co-quan": AgencySitemap,
    "can-bo": OfficialSitemap,
    "chuong-trinh": ProgrammeSitemap,
}
