"""Content changes that make cached public pages stale."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.caching import bump_generation
from articles.models import Agency, Appointment, Article, ArticleSlug, Official, Programme, WorkflowEvent

# Workflow steps change an article's status with a conditional UPDATE (no post_save of Article), but
# every step writes a WorkflowEvent, so that signal stands for them.
PUBLIC_MODELS = (Article, Agency, Official, Programme, Appointment, ArticleSlug, WorkflowEvent)
PUBLIC_RELATIONS = (Article.officials.through, Article.programmes.through, Article.related.through)


# Inside `invalidation_batched()`: the changes seen since the batch began (a one-item list, so it can be set).
_batched: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar("invalidation_batch", default=None)


def content_changed(**kwargs) -> None:
    if (batch := _batched.get()) is not None:
        batch[0] = True
        return
    # Now, and again once the transaction commits: a page rendered in between from the old rows
    # must not stay cached under the new generation.
    bump_generation()
    transaction.on_commit(bump_generation)


@contextmanager
def invalidation_batched() -> Iterator[None]:
    """Bump the page cache's generation once when the block ends (if anything changed), not once per row.

    For bulk writes such as the legacy import, where thousands of saves would otherwise each cost two cache
    round trips. The block must not be inside a transaction that is still open when it ends: the bump then
    happens after the changes are committed, as `content_changed` guarantees for single changes.
    """
    batch = [False]
    token = _batched.set(batch)
    try:
        yield
    finally:
        _batched.reset(token)
        if batch[0]:
            bump_generation()


def connect() -> None:
    for model in PUBLIC_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-delete-{model.__name__}")
    for through in PUBLIC_RELATIONS:
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"cache-m2m-{through.__name__}")
