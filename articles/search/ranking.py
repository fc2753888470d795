"""Vietnamese search over published articles, with or without diacritics: which articles match, in which order.

An article matches when every folded word of the query is one of its words. The newest `RANKED_MATCHES`
matches are then ranked by `score()`, the one statement of the ranking, on every database:

    100 if the query has marks and every word appears with exactly those marks
  + 10 x where the words stand together as a phrase (title 3, lead 2, body 1)
  +  1 x where all the words appear (title 3, lead 2, body 1)

then newest first. Only finding the matches differs by database: PostgreSQL looks the folded words up in a GIN
index over a tsvector of them (`simple` configuration, the words folded by `fold()` beforehand), SQLite looks for
each word, wrapped in spaces, in the folded text `search_folded`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection, connections
from django.db.models import DateTimeField, ExpressionWrapper, QuerySet, Subquery, Value
from django.utils import timezone

from articles.newsroom.models import Agency, Article, Official, Programme
from articles.newsroom.search_columns import FIELD_SEPARATOR, SEARCH_CONFIG
from articles.search.query import ParsedQuery

# How many matches are ranked, the newest first. Ranking reads each candidate's text, so a search for common
# words on 100 000 articles would otherwise read thousands of them; the filters (agency, dates...) narrow the
# candidates to reach older articles.
RANKED_MATCHES = 200
# On PostgreSQL the newest matches are first looked for among the articles of the year before the newest public
# one: finding the matches in the GIN index is cheap, but sorting them by date reads every match's row, thousands
# for common words; within a year the index on the date narrows them first. When the year holds fewer than
# RANKED_MATCHES matches, the whole archive is searched.
RECENT_WINDOW = datetime.timedelta(days=365)
RESULT_FIELDS = (
    "title",
    "slug",
    "lead",
    "body_text",
    "cover",
    "cover_alt",
    "cover_width",
    "cover_height",
    "published_at",
    "date_only",
    "agency__name",
    "agency__name_en",
    "agency__slug",
)
FIELD_RANKS = (3, 2, 1)  # title, lead, body
EXACT_SCORE, PHRASE_SCORE, WORDS_SCORE = 100, 10, 1


@dataclass(frozen=True)
class Candidate:
    """What ranking reads of a matching article."""

    pk: int
    published_at: datetime.datetime
    folded: str  # `search_folded`: the three fields' folded words, each wrapped in spaces
    marked: str  # `search_marked`: the distinct words with their marks, read only when the query has marks


def score(query: ParsedQuery, candidate: Candidate) -> int:
    """The rank of one matching article for a query (see the module's docstring)."""
    fields = candidate.folded.split(FIELD_SEPARATOR)
    phrase = f" {' '.join(query.folded)} "
    wanted = [f" {word} " for word in set(query.folded)]
    phrase_rank = next((rank for rank, field in zip(FIELD_RANKS, fields, strict=False) if phrase in field), 0)
    words_rank = next(
        (rank for rank, field in zip(FIELD_RANKS, fields, strict=False) if all(w in field for w in wanted)), 0
    )
    total = PHRASE_SCORE * phrase_rank + WORDS_SCORE * words_rank
    if query.has_marks and all(f" {word} " in candidate.marked for word in query.exact):
        total += EXACT_SCORE
    return total


def filtered_articles(
    *,
    agency: Agency | None = None,
    official: Official | None = None,
    programme: Programme | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Article]:
    """Published articles narrowed by the search form's filters; dates are days in Hanoi, both inclusive."""
    articles = Article.objects.published()
    if agency is not None:
        articles = articles.filter(agency=agency)
    if official is not None:
        articles = articles.filter(officials=official)
    if programme is not None:
        articles = articles.filter(programmes=programme)
    if date_from is not None:
        articles = articles.filter(published_at__gte=_start_of_day(date_from))
    if date_to is not None:
        articles = articles.filter(published_at__lt=_start_of_day(date_to + datetime.timedelta(days=1)))
    return articles


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search_articles(
    *,
    query: ParsedQuery,
    agency: Agency | None = None,
    official: Official | None = None,
    programme: Programme | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Article] | RankedArticles:
    """Matching published articles, best first, as a sliceable sequence for a Paginator."""
    articles = filtered_articles(
        agency=agency, official=official, programme=programme, date_from=date_from, date_to=date_to
    )
    if query.is_empty:
        return articles.select_related("agency").only(*RESULT_FIELDS).order_by("-published_at", "-id")
    return ranked_matches(articles, query)


def ranked_matches(articles: QuerySet[Article], query: ParsedQuery) -> RankedArticles:
    """The newest `RANKED_MATCHES` articles among `articles` that match `query`, best first by `score()`.

    `articles` must already be public: the search page narrows them with `filtered_articles`, the API its own way.
    """
    ids = newest_matches(articles, query, RANKED_MATCHES + 1)
    candidates = _candidates(ids[:RANKED_MATCHES], with_marks=query.has_marks)
    candidates.sort(key=lambda c: (score(query, c), c.published_at, c.pk), reverse=True)
    return RankedArticles([c.pk for c in candidates], capped=len(ids) > RANKED_MATCHES)


def newest_matches(articles: QuerySet[Article], query: ParsedQuery, limit: int) -> list[int]:
    """Ids of the newest `limit` articles among `articles` that have every folded word of the query."""
    if connection.vendor != "postgresql":
        return list(
            matching_articles(articles, query).order_by("-published_at", "-id").values_list("pk", flat=True)[:limit]
        )
    matching = matching_articles(articles, query)
    newest_public = Article.objects.published().order_by("-published_at").values("published_at")[:1]
    recent = matching.filter(
        published_at__gte=ExpressionWrapper(
            Subquery(newest_public) - Value(RECENT_WINDOW), output_field=DateTimeField()
        )
    )
    with connections[matching.db].cursor() as cursor:
        cursor.execute(*_newest_matches_sql(recent, limit))
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) < limit:
            cursor.execute(*_newest_matches_sql(matching, limit))
            ids = [row[0] for row in cursor.fetchall()]
    return ids


def matching_articles(articles: QuerySet[Article], query: ParsedQuery) -> QuerySet[Article]:
    """`articles` that have every folded word of the query: through the GIN index on PostgreSQL, the folded text
    elsewhere."""
    if connection.vendor != "postgresql":
        for word in set(query.folded):
            articles = articles.filter(search_folded__contains=f" {word} ")
        return articles
    return articles.filter(search_vector=_all_words(query))


def _all_words(query: ParsedQuery) -> SearchQuery:
    # Words hold only letters and digits (see parse_query), so quoting them is enough.
    return SearchQuery(" & ".join(f"'{word}'" for word in query.folded), search_type="raw", config=SEARCH_CONFIG)


def _newest_matches_sql(matching: QuerySet[Article], limit: int) -> tuple[str, tuple]:
    """The OFFSET 0 fence makes PostgreSQL collect the matches from the GIN index and sort just them by date,
    rather than walk the date index reading each article's vector until enough of them match."""
    sql, params = matching.order_by().values_list("id", "published_at").query.sql_with_params()
    return (
        f"SELECT m.id FROM ({sql} OFFSET 0) AS m ORDER BY m.published_at DESC, m.id DESC LIMIT %s",
        (*params, limit),
    )


def explain_matching(query: ParsedQuery) -> str:
    """PostgreSQL's plan for finding the articles to rank for `query` (the index must be in it)."""
    matching = Article.objects.published().filter(search_vector=_all_words(query))
    sql, params = _newest_matches_sql(matching, RANKED_MATCHES)
    with connections[matching.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _candidates(ids: list[int], *, with_marks: bool) -> list[Candidate]:
    columns = ["pk", "published_at", "search_folded"] + (["search_marked"] if with_marks else [])
    rows = Article.objects.filter(pk__in=ids).values_list(*columns)
    return [Candidate(row[0], row[1], row[2], row[3] if with_marks else "") for row in rows]


class RankedArticles(Sequence[Article]):
    """Article ids in rank order, their number known (no COUNT query); slicing loads just that page."""

    def __init__(self, ids: list[int], *, capped: bool = False):
        self.ids = ids
        self.capped = capped  # more articles match than are ranked

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            ids = self.ids[index]
            by_id = Article.objects.select_related("agency").only(*RESULT_FIELDS).in_bulk(ids)
            return [by_id[pk] for pk in ids if pk in by_id]
        return self[index : index + 1][0]
