"""Vietnamese search over published articles, with or without diacritics.

A query is read into words twice: exactly as typed (NFC, lower case, marks kept) and folded (marks
stripped, `Đ` -> `d`). An article matches when every folded word is one of its words. Results are
ranked by a score both backends compute the same way:

    100 if the query has marks and every word appears with exactly those marks
  + 10 x where the words stand together as a phrase (title 3, lead 2, body 1)
  +  1 x where all the words appear (title 3, lead 2, body 1)

then newest first. PostgreSQL matches with a GIN index over a weighted tsvector (title A, lead B,
body C) of the words folded by `fold()` (the `simple` configuration: the queries are folded the same
way) and scores with weight-restricted tsqueries; SQLite matches whole folded words in `search_folded`
and scores in Python.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection, connections
from django.db.models import (
    Case,
    DateTimeField,
    ExpressionWrapper,
    IntegerField,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.newsroom.models import Agency, Article, Official, Programme
from articles.newsroom.search_columns import SEARCH_CONFIG, folded_words, words
from articles.newsroom.text import fold, nfc

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# How many matches are ranked, the newest first, on both backends (so they give the same results).
# Ranking reads each candidate's whole text (its vectors on PostgreSQL, its folded text on SQLite), so
# a search for common words on 100 000 articles would read thousands of them; the filters (agency,
# dates...) narrow the candidates to reach older articles.
RANKED_MATCHES = 200
# On PostgreSQL the newest matches are first looked for among the articles of the year before the
# newest public one: finding the matches in the GIN index is cheap, but sorting them by date reads
# every match's row, thousands for common words; within a year the index on the date narrows them
# first. When the year holds fewer than RANKED_MATCHES matches, the whole archive is searched.
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
    "agency__name",
    "agency__slug",
)
FIELD_WEIGHTS = (("A", 3), ("B", 2), ("C", 1))  # title, lead, body
EXACT_SCORE, PHRASE_SCORE, WORDS_SCORE = 100, 10, 1
_TOKEN_RE = re.compile(r"([^\W_]+)")
_HTML_SPECIAL_RE = re.compile(r"[&<>\"']")


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    exact: tuple[str, ...]
    folded: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.folded

    @property
    def has_marks(self) -> bool:
        """True when the user typed diacritics, so exact matches should rank first."""
        return tuple(fold(word) for word in self.exact) != self.exact


def parse_query(text: str) -> ParsedQuery:
    """Words of a query in NFC; punctuation and operators (`%`, quotes, `&|!:*`) are only separators."""
    text = nfc(text or "").strip()[:MAX_QUERY_LENGTH]
    exact = tuple(words(text))[:MAX_WORDS]
    folded = tuple(folded for word in exact for folded in folded_words(word))[: MAX_WORDS * 2]
    return ParsedQuery(text=text, exact=exact, folded=folded)


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
) -> Sequence[Article]:
    """Matching published articles, best first, as a sliceable sequence for a Paginator."""
    articles = filtered_articles(
        agency=agency, official=official, programme=programme, date_from=date_from, date_to=date_to
    )
    if query.is_empty:
        return articles.select_related("agency").only(*RESULT_FIELDS).order_by("-published_at", "-id")
    if connection.vendor == "postgresql":
        return _postgres_search(articles, query)
    return _fallback_search(articles, query)


# PostgreSQL -----------------------------------------------------------------------------------


def _tsquery(words_: Sequence[str], *, operator: str, weight: str = "") -> str:
    # Words hold only letters and digits (see parse_query), so quoting them is enough.
    return f" {operator} ".join(f"'{word}'{':' + weight if weight else ''}" for word in words_)


def _matches(tsquery: str, *, config: str = SEARCH_CONFIG, field: str = "search_vector") -> dict:
    return {field: SearchQuery(tsquery, search_type="raw", config=config)}


def _newest_matches_sql(matching: QuerySet[Article], limit: int) -> tuple[str, tuple]:
    """SQL for the ids of the newest `limit` matching articles.

    The OFFSET 0 fence makes PostgreSQL collect the matches from the GIN index and sort just them by
    date, rather than walk the date index reading each article's vector until enough of them match.
    """
    sql, params = matching.order_by().values_list("id", "published_at").query.sql_with_params()
    return (
        f"SELECT m.id FROM ({sql} OFFSET 0) AS m ORDER BY m.published_at DESC, m.id DESC LIMIT %s",
        (*params, limit),
    )


def _newest_matches(matching: QuerySet[Article], limit: int) -> list[int]:
    """Ids of the newest `limit` matches, newest first (one more when there are more, to say so)."""
    newest_public = Article.objects.published().order_by("-published_at").values("published_at")[:1]
    recent = matching.filter(
        published_at__gte=ExpressionWrapper(
            Subquery(newest_public) - Value(RECENT_WINDOW), output_field=DateTimeField()
        )
    )
    with connections[matching.db].cursor() as cursor:
        cursor.execute(*_newest_matches_sql(recent, limit + 1))
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) <= limit:
            cursor.execute(*_newest_matches_sql(matching, limit + 1))
            ids = [row[0] for row in cursor.fetchall()]
    return ids


class RankedMatches(Sequence):
    """The ranked candidates as a Paginator wants them: their number is known, so no COUNT query."""

    def __init__(self, ranked: QuerySet[Article], count: int, *, capped: bool = False):
        self.ranked = ranked
        self._count = count
        self.capped = capped  # more articles match than are ranked

    def __len__(self) -> int:
        return self._count

    def count(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.ranked[index]


def explain_matching(query: ParsedQuery) -> str:
    """PostgreSQL's plan for finding the articles to rank for `query` (the index must be in it)."""
    matching = Article.objects.published().filter(**_matches(_tsquery(query.folded, operator="&")))
    sql, params = _newest_matches_sql(matching, RANKED_MATCHES)
    with connections[matching.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _postgres_search(articles: QuerySet[Article], query: ParsedQuery) -> RankedMatches:
    words_ = query.folded

    def tier(operator: str, points: int) -> Case:
        whens = [
            When(**_matches(_tsquery(words_, operator=operator, weight=weight)), then=Value(points * rank))
            for weight, rank in FIELD_WEIGHTS
        ]
        return Case(*whens, default=Value(0), output_field=IntegerField())

    score = tier("<->", PHRASE_SCORE) + tier("&", WORDS_SCORE)
    if query.has_marks:
        exact = _matches(_tsquery(query.exact, operator="&"), config="simple", field="search_exact")
        score = score + Case(When(**exact, then=Value(EXACT_SCORE)), default=Value(0), output_field=IntegerField())
    candidates = _newest_matches(articles.filter(**_matches(_tsquery(words_, operator="&"))), RANKED_MATCHES)
    ranked = (
        Article.objects.filter(pk__in=candidates[:RANKED_MATCHES])
        .annotate(score=score)
        .select_related("agency")
        .only(*RESULT_FIELDS)
        .order_by("-score", "-published_at", "-id")
    )
    return RankedMatches(ranked, min(len(candidates), RANKED_MATCHES), capped=len(candidates) > RANKED_MATCHES)


# SQLite fallback ------------------------------------------------------------------------------


def _contains_run(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(tuple(haystack[i : i + n]) == tuple(needle) for i in range(len(haystack) - n + 1))


def score_texts(query: ParsedQuery, *, title: str, lead: str, body: str) -> int:
    """The score of one article for a query (the same formula the PostgreSQL query computes)."""
    fields = [folded_words(text) for text in (title, lead, body)]
    wanted = set(query.folded)
    ranks = [rank for _, rank in FIELD_WEIGHTS]
    phrase = next((rank for rank, f in zip(ranks, fields, strict=True) if _contains_run(f, query.folded)), 0)
    all_words = next((rank for rank, f in zip(ranks, fields, strict=True) if wanted <= set(f)), 0)
    score = PHRASE_SCORE * phrase + WORDS_SCORE * all_words
    if query.has_marks and set(query.exact) <= set(words(f"{title} {lead} {body}")):
        score += EXACT_SCORE
    return score


class RankedArticles(Sequence):
    """Article ids in rank order; slicing loads just that page of articles."""

    def __init__(self, ids: list[int], *, capped: bool = False):
        self.ids = ids
        self.capped = capped  # more articles match than are ranked

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:  # Paginator prefers count() when present
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            by_id = Article.objects.select_related("agency").only(*RESULT_FIELDS).in_bulk(ids)
            return [by_id[pk] for pk in ids if pk in by_id]
        return self[index : index + 1][0]


def _fallback_search(articles: QuerySet[Article], query: ParsedQuery) -> RankedArticles:
    for word in set(query.folded):
        articles = articles.filter(search_folded__contains=f" {word} ")
    rows = articles.order_by("-published_at", "-id").values_list("id", "title", "lead", "body_text", "published_at")
    scored = [
        (score_texts(query, title=title, lead=lead, body=body), published_at, pk)
        for pk, title, lead, body, published_at in rows[: RANKED_MATCHES + 1]
    ]
    capped = len(scored) > RANKED_MATCHES
    scored = scored[:RANKED_MATCHES]
    scored.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    return RankedArticles([pk for _, _, pk in scored], capped=capped)


# Showing results ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _folded_token(token: str) -> frozenset[str]:
    """The folded words of one token of text (a search page folds a few thousand; most recur)."""
    return frozenset(folded_words(token))


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """Escaped text with the query's words (folded comparison) wrapped in <mark>."""
    wanted = set(query.folded)
    parts = _TOKEN_RE.split(nfc(text or ""))
    out = []
    for i, part in enumerate(parts):
        if not i % 2:  # what lies between words: the only parts that can hold & < > " '
            out.append(html.escape(part) if _HTML_SPECIAL_RE.search(part) else part)
        elif wanted and not wanted.isdisjoint(_folded_token(part)):
            out.append(f"<mark>{part}</mark>")
        else:
            out.append(part)  # a word: letters and digits only
    return mark_safe("".join(out))  # noqa: S308 - every part is escaped above or holds no markup


def snippet(text: str, query: ParsedQuery, *, before: int = 12, after: int = 28) -> SafeString:
    """A short passage of `text` around the first word of the query, highlighted.

    Reads the words only as far as the passage reaches: a result's text is 3-8 KB and its first match is
    usually near the start; splitting the whole of it, for 20 results a page, was a tenth of the search.
    """
    text = nfc(text or "").replace("\n", " ")
    wanted = set(query.folded)
    words = _TOKEN_RE.finditer(text)
    read: list[re.Match] = []
    first = None
    for match in words:
        read.append(match)
        if wanted and not wanted.isdisjoint(_folded_token(match.group())):
            first = len(read) - 1
            break
    if not read:
        return highlight(text, query)
    if first is None:  # no word of the query (every word was read): the start of the text
        first = 0
    start_word = max(0, first - before)
    end_word = first + after
    for match in words:  # the words after the first match, and one more to know whether the text goes on
        if len(read) > end_word:
            break
        read.append(match)
    more = len(read) > end_word
    end_word = min(end_word, len(read))
    start = read[start_word].start() if start_word else 0
    end = read[end_word - 1].end() if more else len(text)
    passage = highlight(text[start:end], query)
    prefix = "… " if start_word else ""
    suffix = " …" if more else ""
    return mark_safe(f"{prefix}{passage}{suffix}")  # noqa: S308 - passage is escaped by highlight()
