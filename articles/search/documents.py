"""Documents of the register in the site search: the query parsed once (`parse_query`) and ranked by the one score
(`ranking.score`), over a document's title, summary (trích yếu) and description as over an article's title, lead and
body. A query that reads as a document number (`06 ctr tu`, `QĐ 1234`) puts that document first. One query."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When

from articles.documents import numbers, selectors
from articles.documents.models import Document
from articles.newsroom.search_columns import marked_words
from articles.search.query import ParsedQuery
from articles.search.ranking import RANKED_MATCHES, Candidate, score

SHOWN = 5
FIELDS = ("title", "slug", "summary", "description", "issued_on", "published_at", "search_folded")


def search_documents(query: ParsedQuery, *, limit: int = SHOWN) -> list[Document]:
    """The public documents that best answer the query, those with the typed number first (at most `limit`)."""
    typed = numbers.parse_typed(query.text, need_symbol=True)
    if typed is None and query.is_empty:
        return []
    by_number = selectors.number_condition(typed) if typed is not None else None
    by_words = Q()
    for word in set(query.folded):
        by_words &= Q(search_folded__contains=f" {word} ")
    if query.is_empty:
        matching = Document.objects.published().filter(by_number)
    else:
        matching = Document.objects.published().filter(by_words if by_number is None else by_number | by_words)
    number_match = (
        Case(When(by_number, then=Value(1)), default=Value(0), output_field=IntegerField())
        if by_number is not None
        else Value(0, output_field=IntegerField())
    )
    rows = list(
        matching.annotate(number_match=number_match)
        .only(*FIELDS)
        .order_by("-number_match", "-published_at", "-id")[:RANKED_MATCHES]
    )

    def rank(document: Document) -> tuple[int, int, object, int]:
        marked = marked_words(document.title, document.summary, document.description) if query.has_marks else ""
        candidate = Candidate(document.pk, document.published_at, document.search_folded, marked)
        return (getattr(document, "number_match", 0), score(query, candidate), document.published_at, document.pk)

    return sorted(rows, key=rank, reverse=True)[:limit]
