"""The API's reads. Articles start from `filtered_articles` (the search page's filters over
`Article.objects.published()`), matching and ranking are the search's own (`articles.search.ranking`); directory
rows are public as they are, as on the site.

Query counts: an article list is its page and two queries for the page's officials and programmes (plus, with `q`,
the search's one or two queries to find the matches and one to rank them); a directory list its page and one query
per related list; whatever the page size (tests/test_api_query_budget.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from articles.api.pagination import after_article, after_in_ranking, article_cursor, page_of
from articles.api.params import (
    FIRST_DAY,
    LAST_DAY,
    AgencyFilters,
    ArticleFilters,
    DirectoryPaging,
    OfficialFilters,
    Ordering,
)
from articles.newsroom.models import Agency, Appointment, Article, Official, Programme
from articles.press.models import Spokesperson
from articles.search.query import parse_query
from articles.search.ranking import filtered_articles, matching_articles, newest_matches, ranked_matches

LISTING_FIELDS = (
    "title",
    "slug",
    "lead",
    "published_at",
    "updated_at",
    "cover",
    "cover_width",
    "cover_height",
    "cover_alt",
    "cover_caption",
    "agency__name",
    "agency__slug",
)


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def _listing(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.select_related("agency").only(*LISTING_FIELDS)


@dataclass
class Listed:
    """An article with its officials and programmes as plain rows: (id, slug, full name) and (id, slug, code,
    title). Two queries for a whole page, as `prefetch_related` would, without building a model instance and a
    related manager for each link (most of the CPU of a list otherwise). Other attributes are the article's."""

    article: Article
    officials: list[tuple[int, str, str]] = field(default_factory=list)
    programmes: list[tuple[int, str, str, str]] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.article, name)


def _with_links(articles: list[Article], *, officials: bool = True) -> list[Listed]:
    listed = {article.pk: Listed(article) for article in articles}
    if listed and officials:
        linked = (
            Article.officials.through.objects.filter(article_id__in=listed)
            .order_by("official__full_name", "official_id")
            .values_list("article_id", "official_id", "official__slug", "official__full_name")
        )
        for article_id, *official in linked:
            listed[article_id].officials.append(tuple(official))  # type: ignore[arg-type]
    if listed:
        programmes = (
            Article.programmes.through.objects.filter(article_id__in=listed)
            .order_by("programme__code", "programme_id")
            .values_list("article_id", "programme_id", "programme__slug", "programme__code", "programme__title")
        )
        for article_id, *programme in programmes:
            listed[article_id].programmes.append(tuple(programme))  # type: ignore[arg-type]
    return list(listed.values())


def _in_order(ids: list[int]) -> list[Article]:
    rows = _listing(Article.objects.published()).in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _within(day: datetime.date | None) -> datetime.date | None:
    return None if day is None else min(max(day, FIRST_DAY), LAST_DAY)


def article_page(filters: ArticleFilters) -> Page:
    # Unsaved instances carry just the id: the site's filters compare ids, so no query looks them up.
    articles = filtered_articles(
        agency=Agency(pk=filters.agency) if filters.agency else None,
        official=Official(pk=filters.official) if filters.official else None,
        programme=Programme(pk=filters.programme) if filters.programme else None,
        date_from=_within(filters.date_from),
        date_to=_within(filters.date_to),
    )
    query = parse_query(filters.q or "")
    ordering = filters.ordering or (Ordering.NEWEST if query.is_empty else Ordering.RELEVANCE)
    limit = filters.limit
    if ordering == Ordering.RELEVANCE and not query.is_empty:
        ranked = ranked_matches(articles, query)
        ids, more = page_of(after_in_ranking(ranked.ids, filters.cursor), limit)
        items = _in_order(ids)
    else:
        newest_first = ordering != Ordering.OLDEST
        if filters.cursor:
            articles = after_article(articles, filters.cursor, newest_first=newest_first)
        if not query.is_empty and newest_first:
            ids, more = page_of(newest_matches(articles, query, limit + 1), limit)
            items = _in_order(ids)
        else:
            if not query.is_empty:
                articles = matching_articles(articles, query)
            order = ("-published_at", "-id") if newest_first else ("published_at", "id")
            items, more = page_of(_listing(articles).order_by(*order), limit)
    last = items[-1] if more and items else None
    return Page(_with_links(items), article_cursor(last.published_at, last.pk) if last else None)


def article(pk: int) -> Listed:
    """A public article; its schema adds what its page shows (officials with their titles then, public related
    articles, mentioned agencies), one query each."""
    found = get_object_or_404(
        Article.objects.published().select_related("agency").only(*LISTING_FIELDS, "body", "source"),
        pk=pk,
    )
    # The page's officials come with their titles then (ArticleDetail): no plain rows for them.
    return _with_links([found], officials=False)[0]


def _page_by_id(rows: QuerySet, paging: DirectoryPaging) -> Page:
    if paging.cursor:
        rows = rows.filter(pk__gt=int(paging.cursor))
    items, more = page_of(rows.order_by("pk"), paging.limit)
    return Page(items, str(items[-1].pk) if more and items else None)


def _agencies() -> QuerySet[Agency]:
    return Agency.objects.select_related("parent", "superseded_by").prefetch_related(
        Prefetch("children", queryset=Agency.objects.only("slug", "name", "parent_id")),
        # The press contacts the agency's page shows: those speaking for it today.
        Prefetch("spokespersons", queryset=Spokesperson.objects.current().for_page(), to_attr="current_spokespersons"),
    )


def agency_page(filters: AgencyFilters) -> Page:
    agencies = _agencies()
    if filters.parent:
        agencies = agencies.filter(parent_id=filters.parent)
    return _page_by_id(agencies, filters)


def agency(pk: int) -> Agency:
    return get_object_or_404(_agencies(), pk=pk)


def _officials() -> QuerySet[Official]:
    appointments = Appointment.objects.select_related("agency").only(
        "official_id", "title", "start_date", "end_date", "agency__slug", "agency__name"
    )
    return Official.objects.prefetch_related(
        Prefetch("appointments", queryset=appointments.order_by("-start_date", "order", "pk"))
    )


def official_page(filters: OfficialFilters) -> Page:
    officials = _officials()
    if filters.agency:
        officials = officials.filter(pk__in=Appointment.objects.filter(agency_id=filters.agency).values("official_id"))
    return _page_by_id(officials, filters)


def official(pk: int) -> Official:
    return get_object_or_404(_officials(), pk=pk)


def _programmes() -> QuerySet[Programme]:
    public = Q(articles__in=Article.objects.published())
    return Programme.objects.select_related("issuing_agency").annotate(
        article_count=Count("articles", filter=public, distinct=True)
    )


def programme_page(paging: DirectoryPaging) -> Page:
    return _page_by_id(_programmes(), paging)


def programme(pk: int) -> Programme:
    return get_object_or_404(_programmes(), pk=pk)
