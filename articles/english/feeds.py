"""RSS 2.0 and Atom feeds of the English site (/en/rss/, /en/atom/): the articles whose English version is public,
newest English version first, each entry in English and linking to the English page."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext

from articles.english.models import EnglishVersion
from articles.newsroom import translated
from articles.site.models import SiteSettings

FEED_SIZE = 30


class EnglishArticlesFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "en"
    # A stable id that survives title and slug changes; apart from the Vietnamese feeds' ids (another text).
    item_guid_is_permalink = False

    def title(self) -> str:
        return f"{gettext('Tin mới')} – {translated.text(SiteSettings.current(), 'name')}"

    def description(self) -> str:
        return translated.text(SiteSettings.current(), "description") or self.title()

    def link(self) -> str:
        return reverse("public:home")

    def items(self) -> list[EnglishVersion]:
        return list(
            EnglishVersion.objects.published()
            .select_related("article__agency")
            .only(
                "title",
                "slug",
                "lead",
                "published_at",
                "updated_at",
                "article__published_at",
                "article__agency__name",
                "article__agency__name_en",
            )
            .order_by(F("published_at").desc(nulls_last=True), "-article__published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: EnglishVersion) -> str:
        return item.title

    def item_description(self, item: EnglishVersion) -> str:
        return item.lead

    def item_link(self, item: EnglishVersion) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: EnglishVersion) -> datetime.datetime | None:
        return item.published_at or item.article.published_at

    def item_updateddate(self, item: EnglishVersion) -> datetime.datetime:
        return max(filter(None, [item.updated_at, item.published_at, item.article.published_at]))

    def item_author_name(self, item: EnglishVersion) -> str:
        return translated.text(item.article.agency, "name")

    def item_guid(self, item: EnglishVersion) -> str:
        return f"urn:toasoan:en:bai-viet:{item.article_id}"


class EnglishArticlesAtomFeed(EnglishArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
