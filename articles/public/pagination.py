"""A paginator for long public lists: deep pages find their ids first.

A deep page (OFFSET 40 000 of 100 000) first finds its 20 ids, which PostgreSQL reads from the
`article_public_order` index alone (status, published_at, id), then loads only those rows: the
database skips index entries instead of whole article rows.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

# From this offset on, a page is loaded as "ids first, then rows".
DEFERRED_JOIN_OFFSET = 200


class DeepPaginator(Paginator):
    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not isinstance(self.object_list, QuerySet) or bottom < DEFERRED_JOIN_OFFSET:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)
