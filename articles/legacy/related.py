"""Related articles named by title in legacy files, linked once the whole import is done."""

from __future__ import annotations

import datetime

from django.db.models import F

from articles.newsroom.models import Article

LINK_CHUNK_SIZE = 500


def link_related_articles(*, since: datetime.datetime) -> int:
    """Link imported articles to the article whose title a related-article line gives; returns the new links.

    Runs once the whole import is done, so the order of the files does not matter. A link is made when either
    side was written by this import (`since` = its start): links an editor removed between two articles the
    import did not touch stay removed. Titles without a matching article stay in `related_titles` as text.
    """
    through = Article.related.through
    pending = Article.objects.filter(legacy_id__isnull=False).exclude(related_titles=[]).order_by("pk")
    # Any article with the exact title matches; an imported one first, then the oldest.
    candidates = Article.objects.order_by(F("legacy_id").asc(nulls_last=True), "pk")
    created = 0
    last_pk = 0
    while True:
        chunk = list(
            pending.filter(pk__gt=last_pk).values_list("pk", "related_titles", "legacy_import__imported_at")[
                :LINK_CHUNK_SIZE
            ]
        )
        if not chunk:
            return created
        last_pk = chunk[-1][0]
        titles = {title for _, related_titles, _ in chunk for title in related_titles}
        targets: dict[str, tuple[int, datetime.datetime | None]] = {}
        for pk, title, imported_at in candidates.filter(title__in=titles).values_list(
            "pk", "title", "legacy_import__imported_at"
        ):
            targets.setdefault(title, (pk, imported_at))
        wanted: set[tuple[int, int]] = set()
        for pk, related_titles, imported_at in chunk:
            touched = imported_at is not None and imported_at >= since
            for title in related_titles:
                target = targets.get(title)
                if target is None or target[0] == pk:
                    continue
                if touched or (target[1] is not None and target[1] >= since):
                    wanted.add((pk, target[0]))
        if not wanted:
            continue
        existing = set(
            through.objects.filter(from_article_id__in={pk for pk, _ in wanted}).values_list(
                "from_article_id", "to_article_id"
            )
        )
        new = sorted(wanted - existing)
        through.objects.bulk_create(
            [through(from_article_id=a, to_article_id=b) for a, b in new], ignore_conflicts=True
        )
        created += len(new)


# --- the whole import -------------------------------------------------------------------------------------------
