"""Cursor pagination: a page starts after the last row of the previous one, so page 5 000 costs what page 1 costs.

A cursor is plain digits, so that every string of its pattern is a position (a client or a fuzzer cannot make a
cursor that breaks a query, and there is nothing to sign):

- articles: `<microseconds since 1000-01-01 UTC>_<id>` of the last article shown, for the order by date in either
  direction and for the ranked order of a search (where the page goes on after that article);
- documents (newest issue first, as the register's page): `<day number of the issue date, 0 for none>_<id>` of the
  last document shown;
- directory lists (ordered by id): `<id>` of the last row shown.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import F, Q, QuerySet
from django.http import HttpRequest

ARTICLE_CURSOR_PATTERN = r"^[0-9]{1,17}_[0-9]{1,18}$"
ID_CURSOR_PATTERN = r"^[0-9]{1,18}$"
DOCUMENT_CURSOR_PATTERN = r"^[0-9]{1,7}_[0-9]{1,18}$"
_EPOCH = datetime.datetime(1000, 1, 1, tzinfo=datetime.UTC)
_ARTICLE_CURSOR = re.compile(ARTICLE_CURSOR_PATTERN)

T = TypeVar("T")


def article_cursor(published_at: datetime.datetime, pk: int) -> str:
    return f"{(published_at - _EPOCH) // datetime.timedelta(microseconds=1)}_{pk}"


def read_article_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    """The (published_at, id) of an article cursor; the parameter's pattern was checked already."""
    if not _ARTICLE_CURSOR.match(cursor):
        raise ValueError(cursor)
    micros, pk = cursor.split("_")
    return _EPOCH + datetime.timedelta(microseconds=int(micros)), int(pk)


def after_article(articles: QuerySet, cursor: str, *, newest_first: bool) -> QuerySet:
    """The articles after the cursor's in the order by (published_at, id). The redundant bound on the date lets the
    database start its index scan at the cursor."""
    moment, pk = read_article_cursor(cursor)
    if newest_first:
        return articles.filter(Q(published_at__lte=moment), Q(published_at__lt=moment) | Q(pk__lt=pk))
    return articles.filter(Q(published_at__gte=moment), Q(published_at__gt=moment) | Q(pk__gt=pk))


# Documents without an issue date come first (as PostgreSQL's index on `-issued_on` keeps them), then by date.
DOCUMENT_ORDER = (F("issued_on").desc(nulls_first=True), F("id").desc())


def document_cursor(issued_on: datetime.date | None, pk: int) -> str:
    return f"{issued_on.toordinal() if issued_on else 0}_{pk}"


def after_document(documents: QuerySet, cursor: str) -> QuerySet:
    """The documents after the cursor's in `DOCUMENT_ORDER`. Any day number the pattern allows is a position: those
    beyond the last day a date can hold are read as that day."""
    ordinal, pk = (int(part) for part in cursor.split("_"))
    if ordinal == 0:
        return documents.filter(Q(issued_on__isnull=False) | Q(pk__lt=pk))
    day = datetime.date.fromordinal(min(ordinal, datetime.date.max.toordinal()))
    return documents.filter(Q(issued_on__lte=day), Q(issued_on__lt=day) | Q(pk__lt=pk))


def after_in_ranking(ids: Sequence[int], cursor: str | None) -> Sequence[int]:
    """The ranked ids after the cursor's article; none when that article is no longer among them."""
    if cursor is None:
        return ids
    _, pk = read_article_cursor(cursor)
    try:
        return ids[list(ids).index(pk) + 1 :]
    except ValueError:
        return []


def page_of(rows: Sequence[T] | QuerySet[Any], limit: int) -> tuple[list[Any], bool]:
    """The first `limit` of `rows` (which the caller fetched with one more) and whether there is a next page."""
    items = list(rows[: limit + 1])
    return items[:limit], len(items) > limit


def next_url(request: HttpRequest, cursor: str | None) -> str | None:
    """This request's address with the next page's cursor (the filters kept)."""
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
