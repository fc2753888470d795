"""Which writes a reader can see, and so make the stored pages stale.

Directory data (agencies, officials, appointments, programmes) is public. An article is seen by readers when it is
published (its minute come or to come: a scheduled article changes when the cached pages must expire) or withdrawn
(its page stays, with the notice); a draft saved, a submission, a rejection or a preview link changes nothing a
reader sees. Workflow steps change the status with an UPDATE and log a `WorkflowEvent`, whose statuses tell.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.newsroom.models import (
    Agency,
    Appointment,
    Article,
    ArticleType,
    LiveEdit,
    Official,
    Programme,
    Section,
    WorkflowEvent,
)
from articles.pagecache import store
from cms.cache import cache_recovered

SEEN_BY_READERS = frozenset({Article.Status.PUBLISHED, Article.Status.WITHDRAWN})
DIRECTORY = (Agency, Official, Appointment, Programme)
# How articles are filed (names in menus, section pages and blocks on the front page).
TAXONOMY = (Section, ArticleType)
ARTICLE_LINKS = (
    Article.officials.through,
    Article.programmes.through,
    Article.related.through,
    Article.mentioned_agencies.through,
    Article.sections.through,
)

# Inside `invalidation_batched()`: whether anything changed since the batch began.
_batched: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar("pagecache_batch", default=None)


def _bump_after_commit() -> None:
    store.bump()


def content_changed() -> None:
    """Stored pages go stale now, and again once the change is committed: a page rendered in between from
    the old rows was stored under the first new generation. Bulk writers batch (`invalidation_batched`)."""
    if (batch := _batched.get()) is not None:
        batch[0] = True
        return
    store.bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        callback is _bump_after_commit for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(_bump_after_commit)


@contextmanager
def invalidation_batched() -> Iterator[None]:
    """One bump when the block ends, if anything changed: for bulk writes such as the legacy import, which
    commits once per file. The block must not end inside a transaction that is still open."""
    batch = [False]
    token = _batched.set(batch)
    try:
        yield
    finally:
        _batched.reset(token)
        if batch[0]:
            store.bump()


def watch(model: type[Model], *, seen: Callable[[Any], bool] | None = None) -> None:
    """Make stored pages stale when a row of `model` is saved or deleted, or only when `seen(row)` says readers
    can see it (before or after the write). Apps that add public content call this from their `ready()`."""

    def changed(instance: Any, **kwargs: Any) -> None:
        if seen is None or seen(instance):
            content_changed()

    uid = f"pagecache-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def _article_seen(article: Article) -> bool:
    return article.status in SEEN_BY_READERS or article.loaded_status in SEEN_BY_READERS


def _public_note(edit: LiveEdit) -> bool:
    """An edit of a published article is seen by readers only once published as a correction (its public note);
    saving, returning or dropping an edit changes nothing they see (publishing it saves the article too)."""
    return edit.state == LiveEdit.State.PUBLISHED and edit.kind == LiveEdit.Kind.CORRECTION


def _step_taken(instance: WorkflowEvent, created: bool, **kwargs: Any) -> None:
    if created and {instance.from_status, instance.to_status} & SEEN_BY_READERS:
        content_changed()


def _links_changed(instance: Any, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if not isinstance(instance, Article) or instance.status in SEEN_BY_READERS:
        content_changed()


def _cache_came_back(**kwargs: Any) -> None:
    # Changes made while the cache was unreachable could not make the pages it still holds stale.
    store.bump()


def connect() -> None:
    for model in (*DIRECTORY, *TAXONOMY):
        watch(model)
    watch(Article, seen=_article_seen)
    watch(LiveEdit, seen=_public_note)
    post_save.connect(_step_taken, sender=WorkflowEvent, dispatch_uid="pagecache-step")
    for through in ARTICLE_LINKS:
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"pagecache-links-{through.__name__}")
    cache_recovered.connect(_cache_came_back, dispatch_uid="pagecache-recovered")
