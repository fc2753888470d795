"""A paginator for long public lists: the total is counted once per content generation.

Deep pages of 100 000 articles should not pay for COUNT(*) over everything on every request:
the count is kept in the cache under the list's SQL and the site generation (see
articles/caching.py), so it is recomputed only after content changes.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from articles.caching import generation


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        sql, params = self.object_list.query.sql_with_params()
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        key = f"toasoan:count:{generation()}:{digest}"
        value = cache.get(key)
        if value is None:
            value = self.object_list.count()
            cache.set(key, value, 3600)
        return value
