"""Content changes that make cached public pages stale."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.caching import bump_generation
from articles.models import Agency, Appointment, Article, ArticleSlug, Official, Programme, WorkflowEvent

# Workflow steps change an article's status with a conditional UPDATE (no post_save of Article), but
# every step writes a WorkflowEvent, so that signal stands for them.
PUBLIC_MODELS = (Article, Agency, Official, Programme, Appointment, ArticleSlug, WorkflowEvent)
PUBLIC_RELATIONS = (Article.officials.through, Article.programmes.through, Article.related.through)


def content_changed(**kwargs) -> None:
    # Now, and again once the transaction commits: a page rendered in between from the old rows
    # must not stay cached under the new generation.
    bump_generation()
    transaction.on_commit(bump_generation)


def connect() -> None:
    for model in PUBLIC_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-delete-{model.__name__}")
    for through in PUBLIC_RELATIONS:
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"cache-m2m-{through.__name__}")
