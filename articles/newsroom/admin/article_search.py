"""The admin's article search (the list's search box and the related-article autocomplete): every typed word as the
start of a word of the title, lead or body, with or without diacritics, or a legacy id exactly.

It reads the search columns `Article.save()` keeps (articles/newsroom/search_columns.py): on PostgreSQL the GIN-indexed
vector, elsewhere the folded text. Django's default (`icontains` over several columns) reads every row of the table,
over a second at 100 000 articles (bench/admin.py).
"""

from __future__ import annotations

import re
from typing import cast

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from articles.newsroom import search_columns
from articles.newsroom.models import Article
from articles.newsroom.text import fold

MAX_WORDS = 8
_WORD_RE = re.compile(r"[^\W_]+")


def words_of(term: str) -> list[str]:
    return _WORD_RE.findall(fold(term or ""))[:MAX_WORDS]


def matching(queryset: QuerySet[Article], term: str) -> QuerySet[Article]:
    words = words_of(term)
    if not words:
        return queryset
    legacy = Q(legacy_id=term.strip())
    if search_columns.is_postgresql(connections[queryset.db]):
        prefixes = " & ".join(f"{word}:*" for word in words)
        query = SearchQuery(prefixes, search_type="raw", config=search_columns.SEARCH_CONFIG)
        return queryset.filter(Q(search_vector=query) | legacy)
    every_word = Q()
    for word in words:
        every_word &= Q(search_folded__contains=f" {word}")
    return queryset.filter(every_word | legacy)


class SearchPaginator(Paginator):
    """Counts the matches of a search only up to CAP: counting every article that has "dự án" reads each one's
    vector (seconds at 100 000 articles); past CAP the list says "hơn 1.000" (`is_capped`)."""

    CAP = 1000
    is_capped = False

    @cached_property
    def count(self) -> int:
        found = cast(QuerySet, self.object_list).order_by()[: self.CAP + 1].count()
        self.is_capped = found > self.CAP
        return found
