"""What the workflow's steps set off: an approval queues the release's alerts (or, in the documents register, the
alerts of the document's type), and submissions, approvals and returns of articles are told to the staff concerned.
The newsroom and the register know nothing of this app; it listens to their audit logs."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone

from articles.alerts import queue, staff
from articles.documents.models import Document, DocumentEvent
from articles.newsroom.models import Article, WorkflowEvent


def _step_taken(instance: WorkflowEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.article_id is None:
        return
    if instance.to_status == Article.Status.PUBLISHED and instance.action in staff.PUBLISHING_ACTIONS:
        # A scheduled article is announced by the sweep at its minute.
        public_now = Article.objects.filter(pk=instance.article_id, published_at__lte=timezone.now()).exists()
        if public_now:
            queue.enqueue_on_commit("announce", instance.article_id)
    if staff.record_notifications(event=instance):
        queue.enqueue_on_commit("send_staff_notifications")


def _document_step_taken(instance: DocumentEvent, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw or instance.document_id is None:
        return
    if instance.to_status == Document.Status.PUBLISHED and instance.action in staff.PUBLISHING_ACTIONS:
        # As for articles: a document published for a later minute is announced by the sweep at that minute.
        public_now = Document.objects.filter(pk=instance.document_id, published_at__lte=timezone.now()).exists()
        if public_now:
            queue.enqueue_on_commit("announce_document", instance.document_id)


def connect() -> None:
    post_save.connect(_step_taken, sender=WorkflowEvent, dispatch_uid="alerts-step")
    post_save.connect(_document_step_taken, sender=DocumentEvent, dispatch_uid="alerts-document-step")
