"""RSS 2.0, Atom and JSON Feed 1.1: the whole site and each section, article type, agency, official and programme.

The RSS carries an XSL stylesheet (static/feeds/rss.xsl) and is served as `application/xml`, the type under which
browsers apply it: a citizen who opens a feed link reads a page that explains what a feed is and lists the
releases, while feed readers get the same valid RSS 2.0.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from articles.newsroom import live_edits
from articles.newsroom.models import (
    Agency,
    Article,
    ArticleQuerySet,
    ArticleType,
    LiveEdit,
    Official,
    Programme,
    Section,
)
from articles.public.jsonfeed import JsonFeed
from articles.site.models import SiteSettings

FEED_SIZE = 30
UPDATED_CATEGORY = "Đã cập nhật"


class ReadableRssFeed(Rss201rev2Feed):
    content_type = "application/xml; charset=utf-8"


def site_name() -> str:
    return SiteSettings.current().name


def _notes(item: Article) -> list[LiveEdit]:
    """The article's published correction notes, prefetched by `ArticleFeed.items()`."""
    return getattr(item, "update_notes", [])


class ArticleFeed(Feed):
    """The newest public articles among `articles(obj)`, as feed entries."""

    feed_type: type[SyndicationFeed] = ReadableRssFeed
    language = "vi"

    def stylesheets(self) -> list[str]:
        return [static("feeds/rss.xsl")]

    def articles(self, obj: Any) -> ArticleQuerySet:
        return Article.objects.all()

    def items(self, obj=None):
        return list(
            self.articles(obj)
            .published()
            .select_related("agency")
            .only("title", "slug", "lead", "published_at", "updated_at", "agency__name")
            .prefetch_related(Prefetch("live_edits", LiveEdit.objects.public_notes(), to_attr="update_notes"))
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # A published correction reaches feed readers as an update: its note after the lead, and the entry's
        # updated time (Atom) is the correction's.
        return "\n\n".join([item.lead, *(live_edits.update_line(edit) for edit in _notes(item))]).strip()

    def item_categories(self, item: Article) -> list[str]:
        return [UPDATED_CATEGORY] if _notes(item) else []

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return max(
            [item.updated_at, item.published_at, *(edit.published_at for edit in _notes(item) if edit.published_at)]
        )

    def item_author_name(self, item: Article) -> str:
        return item.agency.name

    # A stable id that survives title and slug changes (feed readers then do not show an edit twice).
    item_guid_is_permalink = False

    def item_guid(self, item: Article) -> str:
        return f"urn:toasoan:bai-viet:{item.pk}"


class LatestArticlesFeed(ArticleFeed):
    def title(self) -> str:
        return f"Tin mới – {site_name()}"

    def description(self) -> str:
        return SiteSettings.current().description or self.title()

    def link(self) -> str:
        return reverse("public:home")


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class LatestArticlesJsonFeed(LatestArticlesFeed):
    feed_type = JsonFeed


class _ObjectFeed(ArticleFeed):
    model: type

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model, slug=slug)

    def link(self, obj: Any) -> str:
        return obj.get_absolute_url()


class SectionFeed(_ObjectFeed):
    model = Section

    def title(self, obj: Section) -> str:
        return f"{obj.name} – {site_name()}"

    def description(self, obj: Section) -> str:
        return obj.description or f"Bài viết mới nhất của chuyên mục {obj.name}."

    def articles(self, obj: Section) -> ArticleQuerySet:
        return Article.objects.filter(sections=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Section) -> str:
        return self.description(obj)


class ArticleTypeFeed(_ObjectFeed):
    model = ArticleType

    def title(self, obj: ArticleType) -> str:
        return f"{obj.name} – {site_name()}"

    def description(self, obj: ArticleType) -> str:
        return f"{obj.name} mới nhất."

    def articles(self, obj: ArticleType) -> ArticleQuerySet:
        return Article.objects.filter(article_type=obj)


class ArticleTypeAtomFeed(ArticleTypeFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: ArticleType) -> str:
        return self.description(obj)


class AgencyFeed(_ObjectFeed):
    model = Agency

    def title(self, obj: Agency) -> str:
        return f"{obj.name} – {site_name()}"

    def description(self, obj: Agency) -> str:
        return f"Thông cáo báo chí mới nhất của {obj.name}."

    def articles(self, obj: Agency) -> ArticleQuerySet:
        return Article.objects.filter(agency=obj)


class AgencyJsonFeed(AgencyFeed):
    feed_type = JsonFeed


class AgencyAtomFeed(AgencyFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Agency) -> str:
        return self.description(obj)


class OfficialFeed(_ObjectFeed):
    model = Official

    def title(self, obj: Official) -> str:
        return f"Tin về {obj.full_name} – {site_name()}"

    def description(self, obj: Official) -> str:
        return f"Các bài viết mới nhất có nhắc đến {obj.full_name}."

    def articles(self, obj: Official) -> ArticleQuerySet:
        return Article.objects.filter(officials=obj)


class OfficialJsonFeed(OfficialFeed):
    feed_type = JsonFeed


class OfficialAtomFeed(OfficialFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Official) -> str:
        return self.description(obj)


class ProgrammeFeed(_ObjectFeed):
    model = Programme

    def title(self, obj: Programme) -> str:
        return f"Chương trình {obj.code} – {site_name()}"

    def description(self, obj: Programme) -> str:
        return f"Các bài viết mới nhất về Chương trình {obj.code}" + (f": {obj.title}." if obj.title else ".")

    def articles(self, obj: Programme) -> ArticleQuerySet:
        return Article.objects.filter(programmes=obj)


class ProgrammeJsonFeed(ProgrammeFeed):
    feed_type = JsonFeed


class ProgrammeAtomFeed(ProgrammeFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Programme) -> str:
        return self.description(obj)
