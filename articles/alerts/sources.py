"""What is announced by email: the articles (press releases) and the documents of the register.

An Announcement and each Delivery point at one or the other; this table names, for each, that foreign key, the
public read rule (`published()`, never re-written here) and the task that sends a range of its emails, so that
announcing, sending, cancelling and the sweep are written once for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from articles.alerts.models import Delivery
from articles.documents.models import Document
from articles.newsroom.models import Article

Item = Article | Document


@dataclass(frozen=True)
class Source:
    field: str  # Announcement's and Delivery's foreign key
    model: type[Article] | type[Document]
    send_task: str  # the task of articles/alerts/tasks.py sending a range of one item's immediate emails
    related: tuple[str, ...]  # what its email shows beside the item

    def published(self) -> QuerySet[Any]:
        return self.model.objects.published()

    def public(self, pk: int) -> Item | None:
        return self.published().select_related(*self.related).filter(pk=pk).first()

    def still_published(self, pk: int) -> bool:
        """Published, possibly for a later minute: a scheduled item keeps its emails for that minute."""
        return self.model.objects.filter(pk=pk, status=Article.Status.PUBLISHED).exists()

    def deliveries(self, pk: int) -> QuerySet[Delivery]:
        return Delivery.objects.filter(**{f"{self.field}_id": pk})

    def of_all(self) -> QuerySet[Delivery]:
        return Delivery.objects.filter(**{f"{self.field}__isnull": False})


ARTICLES = Source("article", Article, "send_alerts", ("agency",))
DOCUMENTS = Source("document", Document, "send_document_alerts", ("agency", "document_type"))
SOURCES = (ARTICLES, DOCUMENTS)


def source_of(item: Item) -> Source:
    return DOCUMENTS if isinstance(item, Document) else ARTICLES
