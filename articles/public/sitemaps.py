"""sitemap.xml: an index of sections, each split into pages of at most `limit` URLs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, Max, OuterRef, Subquery, Value
from django.urls import reverse
from django.utils import translation

from articles.english.models import EnglishVersion
from articles.newsroom.models import Agency, Article, ArticleType, Official, Programme, Section
from articles.pages.models import Page


class BothLanguages(Sitemap):
    """Pages that exist in Vietnamese (/) and English (/en/): one entry per language, each naming both with
    hreflang (and the Vietnamese one as x-default)."""

    i18n = True
    alternates = True
    x_default = True


def _pair(url: dict[str, Any], *, vietnamese_path: str, english_path: str) -> None:
    """Name the Vietnamese and English addresses of one entry with hreflang (the Vietnamese one as x-default)."""
    address = urlsplit(url["location"])
    vietnamese = f"{address.scheme}://{address.netloc}{vietnamese_path}"
    english = f"{address.scheme}://{address.netloc}{english_path}"
    url["alternates"] = [
        {"location": vietnamese, "lang_code": "vi"},
        {"location": english, "lang_code": "en"},
        {"location": vietnamese, "lang_code": "x-default"},
    ]


def _public_english_slug() -> Subquery:
    return Subquery(EnglishVersion.objects.published().filter(article=OuterRef("pk")).values("slug")[:1])


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    # 1 000 URLs a page (as common SEO plugins do): a 170 KB page instead of 850 KB for 5 000, cheaper to serve
    # and to fetch again; the index lists the pages.
    limit = 1000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "updated_at", "published_at")
            .annotate(english_slug=_public_english_slug())
            .order_by("-published_at", "-id")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        # Vietnamese addresses, paged from the database as before (not every language of every article in memory);
        # an article with a public English version is followed by it, the two naming each other with hreflang.
        urls = []
        for url in super().get_urls(page, site, protocol):
            urls.append(url)
            if url["item"].english_slug:
                with translation.override("en"):
                    path = reverse("public:article_detail", kwargs={"slug": url["item"].english_slug})
                _pair(url, vietnamese_path=urlsplit(url["location"]).path, english_path=path)
                address = urlsplit(url["location"])
                urls.append({**url, "location": f"{address.scheme}://{address.netloc}{path}"})
        return urls

    def lastmod(self, item: Article):
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of loading every article for the index page.
        latest = Article.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return max(filter(None, latest.values()), default=None)


class AgencySitemap(BothLanguages):
    changefreq = "weekly"

    def items(self):
        return Agency.objects.only("slug").order_by("pk")


class OfficialSitemap(BothLanguages):
    changefreq = "weekly"

    def items(self):
        return Official.objects.only("slug").order_by("pk")


class ProgrammeSitemap(BothLanguages):
    changefreq = "weekly"

    def items(self):
        return Programme.objects.only("slug").order_by("pk")


class SectionSitemap(BothLanguages):
    """The site's sections, the pages editors write (in English only where an English text was written), and the
    chuyên mục and loại tin pages."""

    changefreq = "daily"

    def items(self) -> list[str | Page | Section | ArticleType]:
        return [*self.sections(), *self.written_and_filed()]

    @staticmethod
    def written_and_filed() -> list[Page | Section | ArticleType]:
        """The published pages, the sections and the article types in one query (UNION ALL): the sitemap's index
        counts every part's items, and stays within its budget of queries."""
        text: CharField[str, str] = CharField()
        empty = Value("", output_field=text)

        def named(kind: str) -> Value:
            return Value(kind, output_field=text)

        pages = (
            Page.objects.published()
            .order_by()
            .annotate(entry_kind=named("page"))
            .values_list("entry_kind", "slug", "slug_en", "title_en", "body_en")
        )
        sections = (
            Section.objects.order_by()
            .annotate(entry_kind=named("section"), none1=empty, none2=empty, none3=empty)
            .values_list("entry_kind", "slug", "none1", "none2", "none3")
        )
        types = (
            ArticleType.objects.order_by()
            .annotate(entry_kind=named("type"), none1=empty, none2=empty, none3=empty)
            .values_list("entry_kind", "slug", "none1", "none2", "none3")
        )
        made: list[Page | Section | ArticleType] = []
        for kind, slug, slug_en, title_en, body_en in pages.union(sections, types, all=True).order_by(
            "entry_kind", "slug"
        ):
            if kind == "page":
                made.append(Page(slug=slug, slug_en=slug_en, title_en=title_en, body_en=body_en))
            else:
                made.append((Section if kind == "section" else ArticleType)(slug=slug))
        return made

    def get_languages_for_item(self, item: str | Page | Section | ArticleType) -> list[str]:
        if isinstance(item, Page) and not (item.title_en.strip() and item.body_en.strip()):
            return ["vi"]
        return super().get_languages_for_item(item)

    @staticmethod
    def sections() -> list[str]:
        return [
            "public:home",
            "public:latest",
            "public:agency_list",
            "public:agency_chart",
            "public:official_list",
            "public:programme_list",
            "public:archive_index",
        ]

    def location(self, item: str | Page | Section | ArticleType) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


SITEMAPS = {
    "trang": SectionSitemap,
    "bai-viet": ArticleSitemap,
    "co-quan": AgencySitemap,
    "can-bo": OfficialSitemap,
    "chuong-trinh": ProgrammeSitemap,
}
