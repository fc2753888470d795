"""Articles that name a document by its number link to it; numbers no document answers become suggestions.

An article's title, lead and body are read for document numbers (`numbers.find_in_text`) whenever it is saved (an
editor in the admin: `article_saved`) or imported from the old portal (the import adds the rows to the file's own
transaction: `rows_for_import`). A number matches the documents with its key; when several do (numbers restart each
year), the newest issued by the article's year is taken. A number that no document has is kept as a
`NumberSuggestion` for an editor, never as an invented document; once a document with that number is saved the
suggestions become links (`document_saved`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.documents import numbers
from articles.documents.models import Document, DocumentMention, NumberSuggestion
from articles.newsroom.models import Article
from articles.pagecache.invalidation import content_changed

TEXT_FIELDS = {"title", "lead", "body"}
_linked_by_caller: contextvars.ContextVar[bool] = contextvars.ContextVar("documents_linked_by_caller", default=False)


@contextlib.contextmanager
def linked_by_caller() -> Iterator[None]:
    """Saves of articles inside this block are linked by the caller (the legacy import), not by `article_saved`."""
    token = _linked_by_caller.set(True)
    try:
        yield
    finally:
        _linked_by_caller.reset(token)


def article_text(*, title: str, lead: str, body_text: str) -> str:
    return "\n".join((title, lead, body_text))


@dataclass(frozen=True)
class Candidate:
    pk: int
    year: int | None


class NumberIndex:
    """Documents by number key: loaded once for an import, or for the few keys one article names."""

    def __init__(self, rows: Iterable[tuple[int, str, int | None]]) -> None:
        self.by_key: dict[str, list[Candidate]] = {}
        for pk, key, year in rows:
            self.by_key.setdefault(key, []).append(Candidate(pk, year))

    @classmethod
    def load(cls, keys: Iterable[str] | None = None) -> NumberIndex:
        documents = Document.objects.all() if keys is None else Document.objects.filter(number_key__in=set(keys))
        return cls(documents.values_list("pk", "number_key", "year"))

    def add(self, document: Document) -> None:
        self.by_key.setdefault(document.number_key, []).append(Candidate(document.pk, document.year))

    def resolve(
        self, found: Iterable[numbers.DocumentNumber], *, article_year: int
    ) -> tuple[set[int], list[numbers.DocumentNumber]]:
        """The documents the numbers name, and the numbers that name none."""
        linked: set[int] = set()
        unknown: list[numbers.DocumentNumber] = []
        for number in found:
            candidates = self.by_key.get(number.key, [])
            if number.year is not None:
                candidates = [c for c in candidates if c.year == number.year]
            if not candidates:
                unknown.append(number)
                continue
            by_then = [c for c in candidates if c.year is None or c.year <= article_year] or candidates
            linked.add(max(by_then, key=lambda c: (c.year or 0, c.pk)).pk)
        return linked, unknown


def rows_for_import(
    *, article_id: int, text: str, article_year: int, index: NumberIndex
) -> list[tuple[type, dict[str, Any]]]:
    """The mention and suggestion rows of an imported article (the import inserts them in its transaction)."""
    linked, unknown = index.resolve(numbers.find_in_text(text), article_year=article_year)
    rows: list[tuple[type, dict[str, Any]]] = [
        (DocumentMention, {"document_id": pk, "article_id": article_id}) for pk in sorted(linked)
    ]
    now = timezone.now()  # the rows are inserted as they are: no auto_now_add
    rows += [
        (NumberSuggestion, {**_suggestion(article_id, number), "created_at": now}) for number in _once_per_key(unknown)
    ]
    return rows


def forget_article(article_id: int) -> None:
    """Before an imported article is written again: its links are made again from its new text."""
    DocumentMention.objects.filter(article_id=article_id).delete()
    NumberSuggestion.objects.filter(article_id=article_id).delete()


def _once_per_key(found: list[numbers.DocumentNumber]) -> list[numbers.DocumentNumber]:
    return list({number.key: number for number in reversed(found)}.values())[::-1]


def _suggestion(article_id: int, number: numbers.DocumentNumber) -> dict[str, Any]:
    return {"article_id": article_id, "number": number.printed, "number_key": number.key, "year": number.year}


def link_article(*, article: Article) -> bool:
    """Make the article's links and suggestions match its text; returns whether anything changed."""
    found = numbers.find_in_text(article_text(title=article.title, lead=article.lead, body_text=article.body_text))
    index = NumberIndex.load(number.key for number in found) if found else NumberIndex([])
    linked, unknown = index.resolve(found, article_year=article.local_date.year)
    unknown = _once_per_key(unknown)
    with transaction.atomic():
        stale_links = DocumentMention.objects.filter(article=article).exclude(document_id__in=linked).delete()[0]
        (
            NumberSuggestion.objects.filter(article=article)
            .exclude(number_key__in=[number.key for number in unknown])
            .delete()[0]
        )
        new_links = DocumentMention.objects.bulk_create(
            [DocumentMention(document_id=pk, article=article) for pk in sorted(linked)], ignore_conflicts=True
        )
        NumberSuggestion.objects.bulk_create(
            [NumberSuggestion(**_suggestion(article.pk, number)) for number in unknown], ignore_conflicts=True
        )
    changed = bool(stale_links or (linked and new_links))
    if changed and article.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
        content_changed()
    return changed


def article_saved(sender: type, instance: Article, raw: bool = False, update_fields=None, **kwargs: Any) -> None:
    if raw or _linked_by_caller.get():
        return
    if update_fields is not None and not TEXT_FIELDS & set(update_fields):
        return
    link_article(article=instance)


def document_saved(sender: type, instance: Document, raw: bool = False, **kwargs: Any) -> None:
    """Suggestions for this document's number become links to it."""
    if raw or not instance.number_key or _linked_by_caller.get():
        return
    suggestions = NumberSuggestion.objects.filter(number_key=instance.number_key)
    if instance.year is not None:
        suggestions = suggestions.filter(Q(year__isnull=True) | Q(year=instance.year))
    article_ids = list(suggestions.values_list("article_id", flat=True))
    if not article_ids:
        return
    with transaction.atomic():
        DocumentMention.objects.bulk_create(
            [DocumentMention(document=instance, article_id=pk) for pk in article_ids], ignore_conflicts=True
        )
        suggestions.delete()
    if instance.status in (Document.Status.PUBLISHED, Document.Status.WITHDRAWN):
        content_changed()
