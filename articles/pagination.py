"""A paginator for long public lists: counted once per content generation, deep pages by id first.

Deep pages of 100 000 articles should not pay for COUNT(*) over everything on every request:
the count is kept in the cache under the list's SQL and the site generation (see
articles/caching.py), so it is recomputed after content changes. The "published by now" moment
is left out of the key, so the count is also kept at most COUNT_SECONDS, after which articles
scheduled for publication are counted.

A deep page (OFFSET 40 000 of 100 000) first finds its 20 ids, which PostgreSQL reads from the
`article_public_order` index alone (status, published_at, id), then loads only those rows: the
database skips index entries instead of whole article rows.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from articles.caching import generation

COUNT_SECONDS = 60
# From this offset on, a page is loaded as "ids first, then rows".
DEFERRED_JOIN_OFFSET = 200


def _is_now(value, now: datetime.datetime) -> bool:
    """True for the `published_at <= now` parameter of Article.objects.published() (SQLite passes a string)."""
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-":
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return False
    if not isinstance(value, datetime.datetime):
        return False
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return abs((value - now).total_seconds()) < 120


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        sql, params = self.object_list.query.sql_with_params()
        now = timezone.now()
        stable = tuple("<now>" if _is_now(p, now) else p for p in params)
        digest = hashlib.sha256(f"{sql}|{stable!r}".encode()).hexdigest()
        key = f"toasoan:count:{generation()}:{digest}"
        value = cache.get(key)
        if value is None:
            value = self.object_list.count()
            cache.set(key, value, COUNT_SECONDS)
        return value

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not isinstance(self.object_list, QuerySet) or bottom < DEFERRED_JOIN_OFFSET:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
