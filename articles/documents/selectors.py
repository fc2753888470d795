"""Reads of the documents register for the public site and for editors. Everything public starts from
`Document.objects.published()` (a withdrawn document keeps its page, with its notice, as an article does)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from articles.documents import numbers, validity
from articles.documents.models import (
    Document,
    DocumentFile,
    DocumentQuerySet,
    DocumentRelation,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
    period_end,
)
from articles.newsroom.models import Article, Programme
from articles.newsroom.search_columns import folded_words

PERIOD_SPAN = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "h1": 2, "year": 4}


# --- the register ------------------------------------------------------------------------------------------------


def readable_documents() -> DocumentQuerySet:
    """What a document's page may show: the public documents, and withdrawn ones with their notice."""
    return Document.objects.published() | Document.objects.filter(status=Document.Status.WITHDRAWN)


def number_condition(typed: numbers.TypedNumber) -> Q:
    """Documents whose number is the one typed: every part given must match (issuers by prefix)."""
    condition = Q(number_value=typed.number)
    if typed.type_key is not None:
        condition &= Q(type_key=typed.type_key)
    if typed.issuer_key is not None:
        condition &= Q(issuer_key=typed.issuer_key) | Q(issuer_key__startswith=f"{typed.issuer_key}-")
    if typed.year is not None:
        condition &= Q(year=typed.year)
    return condition


def matching_number(documents: DocumentQuerySet, typed: numbers.TypedNumber) -> DocumentQuerySet:
    return documents.filter(number_condition(typed))


def matching_words(documents: DocumentQuerySet, text: str) -> DocumentQuerySet:
    """Documents whose title, summary or description has every folded word of `text` (as the search's SQLite
    fallback finds articles)."""
    for word in set(folded_words(text)):
        documents = documents.filter(search_folded__contains=f" {word} ")
    return documents


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    type: str = ""  # slugs
    agency: str = ""
    field: str = ""
    year: int | None = None
    validity: str = ""


def register(filters: RegisterFilters, *, day: datetime.date | None = None) -> DocumentQuerySet:
    """Public documents narrowed by the list's filters and its search, newest issue first, with validity."""
    documents: DocumentQuerySet = Document.objects.published().with_validity(day)
    if filters.type:
        documents = documents.filter(document_type__slug=filters.type)
    if filters.agency:
        joint = Document.joint_agencies.through.objects.filter(agency__slug=filters.agency).values("document_id")
        documents = documents.filter(Q(agency__slug=filters.agency) | Q(pk__in=joint))
    if filters.field:
        documents = documents.filter(field__slug=filters.field)
    if filters.year:
        documents = documents.filter(year=filters.year)
    if filters.validity:
        documents = documents.filter(validity=filters.validity)
    if filters.q:
        typed = numbers.parse_typed(filters.q)
        documents = matching_number(documents, typed) if typed else matching_words(documents, filters.q)
    return documents.for_listing().order_by("-issued_on", "-id")


# --- one document ------------------------------------------------------------------------------------------------


@dataclass
class RelationLine:
    label: str
    other: Document
    note: str
    kind: str
    outgoing: bool


@dataclass
class DocumentPage:
    document: Document
    files: list[DocumentFile]
    relations: list[RelationLine]  # both ways, public documents only
    reason: str  # why it has its validity, when not simply in force
    articles: list[Article]
    joint_agencies: list = field(default_factory=list)
    signer_title_then: str = ""


def document_page(document: Document, *, day: datetime.date | None = None) -> DocumentPage:
    """Everything a document's page shows, in a fixed number of queries."""
    day = day or timezone.localdate()
    rows = (
        DocumentRelation.objects.filter(Q(source=document) | Q(target=document))
        .select_related("source", "target")
        .order_by("kind", "pk")
    )
    lines, incoming = [], []
    for relation in rows:
        outgoing = relation.source_id == document.pk
        other = relation.target if outgoing else relation.source
        if not other.is_public:  # the same rule as published(), on the row the relation brought along
            continue
        kind = validity.RelationKind(relation.kind)
        label = kind.label if outgoing else validity.INCOMING_LABELS[kind]
        lines.append(RelationLine(label, other, relation.note, kind, outgoing))
        if not outgoing and (other.starts_on or day) <= day:
            incoming.append(relation)
    return DocumentPage(
        document=document,
        files=list(document.files.all()),
        relations=lines,
        reason=validity.explain(document, incoming, day),
        articles=list(Article.objects.published().filter(document_mentions__document=document).for_listing()[:20]),
        joint_agencies=list(document.joint_agencies.all()),
        signer_title_then=document.signer_title_then(),
    )


# --- programmes --------------------------------------------------------------------------------------------------


@dataclass
class TargetLine:
    target: ProgrammeTarget
    latest: Decimal | None
    latest_period: str
    percent: int | None


@dataclass
class ProgrammeResults:
    founding_document: Document | None
    targets: list[TargetLine]
    reports: list[ProgressReport]  # oldest first, published report documents only


def _chronological(report: ProgressReport) -> tuple[datetime.date, int]:
    return (report.period_end, PERIOD_SPAN[report.period])


def programme_results(programme: Programme) -> ProgrammeResults:
    """The founding document (if public), the targets with the latest reported value, and the public reports.

    `programme` should come with `founding_document` selected (`Programme.objects.select_related(...)`)."""
    founding = getattr(programme, "founding_document", None)
    if founding is not None and not founding.is_public:
        founding = None
    public = Document.objects.published()
    reports = sorted(
        ProgressReport.objects.filter(programme=programme, document__in=public).select_related("document"),
        key=_chronological,
    )
    order = {report.pk: position for position, report in enumerate(reports)}
    latest: dict[int, tuple[int, ReportedValue]] = {}
    for reported in ReportedValue.objects.filter(report_id__in=order):
        position = order[reported.report_id]
        if reported.target_id not in latest or latest[reported.target_id][0] < position:
            latest[reported.target_id] = (position, reported)
    targets = []
    for target in programme.targets.all():
        found = latest.get(target.pk)
        value = found[1].value if found else None
        period = reports[found[0]].period_label if found else ""
        targets.append(TargetLine(target=target, latest=value, latest_period=period, percent=target.progress(value)))
    return ProgrammeResults(founding_document=founding, targets=targets, reports=reports)


def last_period_end(today: datetime.date | None = None) -> datetime.date:
    """The end of the last half-year that is over (30/6 or 31/12): the period every running programme reports on."""
    today = today or timezone.localdate()
    mid = datetime.date(today.year, 6, 30)
    return mid if today > mid else datetime.date(today.year - 1, 12, 31)


def periods_ending(day: datetime.date) -> Sequence[str]:
    return [code for code in PERIOD_SPAN if period_end(day.year, code) == day]


def programmes_without_report(today: datetime.date | None = None) -> QuerySet[Programme]:
    """Programmes running in the last period (see `last_period_end`) that have no report for it, drafts included."""
    end = last_period_end(today)
    reported = ProgressReport.objects.filter(year=end.year, period__in=periods_ending(end)).values("programme_id")
    return (
        Programme.objects.filter(Q(start_year__isnull=True) | Q(start_year__lte=end.year))
        .filter(Q(end_year__isnull=True) | Q(end_year__gte=end.year))
        .exclude(pk__in=reported)
    )


def public_programme_ids(ids: Iterable[int]) -> set[int]:
    return set(Document.objects.published().filter(programme_id__in=list(ids)).values_list("programme_id", flat=True))


def names_documents() -> Exists:
    """For an article query: whether the article names a public document (annotate with it)."""
    return Exists(Document.objects.published().filter(mentions__article=OuterRef("pk")))


def documents_named_in(article: Article) -> QuerySet[Document]:
    """The public documents an article names by number (articles/documents/linking.py)."""
    return Document.objects.published().filter(mentions__article=article).only("title", "slug", "summary")
