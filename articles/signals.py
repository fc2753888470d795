"""Content changes that make cached public pages stale."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles import rendered_pages
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
    connect_rendered_pages()


# --- Stored article pages (articles/rendered_pages.py) ----------------------------------------------------------
# Each write marks only the pages that show what it changed; see rendered_pages for the races.


def _article_saved(instance: Article, created: bool = False, **kwargs) -> None:
    # A new article has no stored page yet and no page links to it: nothing to mark (the import creates
    # thousands; its links come later, with their own signals or the import's own call).
    if not created:
        rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_showing_article(instance.pk))


def _article_deleting(instance: Article, **kwargs) -> None:
    # Its own page goes with it (CASCADE); the pages listing it lose the link rows with it.
    rendered_pages.mark_stale_now_and_on_commit(
        rendered_pages.frozen(rendered_pages.pages_showing_article(instance.pk))
    )


def _workflow_step(instance: WorkflowEvent, **kwargs) -> None:
    if instance.article_id:
        rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_showing_article(instance.article_id))


def _old_slug_changed(instance: ArticleSlug, **kwargs) -> None:
    rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_of_articles([instance.article_id]))


def _agency_changed(instance: Agency, **kwargs) -> None:
    rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_showing_agency(instance.pk))


def _official_saved(instance: Official, **kwargs) -> None:
    rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_showing_official(instance.pk))


def _official_deleting(instance: Official, **kwargs) -> None:
    rendered_pages.mark_stale_now_and_on_commit(
        rendered_pages.frozen(rendered_pages.pages_showing_official(instance.pk))
    )


def _programme_saved(instance: Programme, **kwargs) -> None:
    rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_showing_programme(instance.pk))


def _programme_deleting(instance: Programme, **kwargs) -> None:
    rendered_pages.mark_stale_now_and_on_commit(
        rendered_pages.frozen(rendered_pages.pages_showing_programme(instance.pk))
    )


def _appointment_saving(instance: Appointment, **kwargs) -> None:
    # An appointment moved to another official changes that official's titles then too.
    if instance.pk:
        before = Appointment.objects.filter(pk=instance.pk).values_list("official_id", flat=True).first()
        if before is not None and before != instance.official_id:
            rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_showing_official(before))


def _appointment_changed(instance: Appointment, **kwargs) -> None:
    rendered_pages.mark_stale_now_and_on_commit(rendered_pages.pages_showing_official(instance.official_id))


def _links_changed(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    """Officials, programmes or related articles added to or removed from articles, from either side."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if sender is Article.related.through:
        # Forward: `instance` lists the related articles. Reverse: `pk_set`/the cleared rows do.
        if not reverse:
            where = rendered_pages.pages_of_articles([instance.pk])
        elif action == "pre_clear":
            where = rendered_pages.frozen(rendered_pages.pages_showing_article(instance.pk))
        else:
            where = rendered_pages.pages_of_articles(pk_set)
    elif not reverse:
        where = rendered_pages.pages_of_articles([instance.pk])
    elif action == "pre_clear":
        showing = (
            rendered_pages.pages_showing_official
            if sender is Article.officials.through
            else rendered_pages.pages_showing_programme
        )
        where = rendered_pages.frozen(showing(instance.pk))
    else:
        where = rendered_pages.pages_of_articles(pk_set)
    rendered_pages.mark_stale_now_and_on_commit(where)


def connect_rendered_pages() -> None:
    handlers = [
        (post_save, Article, _article_saved),
        (pre_delete, Article, _article_deleting),
        (post_save, WorkflowEvent, _workflow_step),
        (post_save, ArticleSlug, _old_slug_changed),
        (post_delete, ArticleSlug, _old_slug_changed),
        (post_save, Agency, _agency_changed),
        (post_delete, Agency, _agency_changed),
        (post_save, Official, _official_saved),
        (pre_delete, Official, _official_deleting),
        (post_save, Programme, _programme_saved),
        (pre_delete, Programme, _programme_deleting),
        (pre_save, Appointment, _appointment_saving),
        (post_save, Appointment, _appointment_changed),
        (post_delete, Appointment, _appointment_changed),
    ]
    for signal, model, handler in handlers:
        signal.connect(handler, sender=model, dispatch_uid=f"rendered-pages-{handler.__name__}-{model.__name__}")
    for through in (Article.officials.through, Article.programmes.through, Article.related.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"rendered-pages-m2m-{through.__name__}")
