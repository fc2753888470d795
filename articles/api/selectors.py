"""The API's reads. Articles start from `filtered_articles` (the search page's filters over
`Article.objects.published()`), matching and ranking are the search's own (`articles.search.ranking`); directory
rows are public as they are, as on the site.

Documents come from the register's own reads (`articles.documents.selectors`: `register` for the list, over
`Document.objects.published()`, with its filters and number search; `document_page` for one document); the
documents they relate to are public by the register's own rule (`published_condition`).

Query counts: an article list is its page and two queries for the page's officials and its programmes and sections
(plus, with `q`, the search's one or two queries to find the matches and one to rank them); a directory list its
page and one query per related list; a documents list its page, its co-issuers, files and relations (and the
agency's slug with `agency`); whatever the page size (tests/test_api_query_budget.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, IntegerField, Prefetch, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from articles.api.pagination import (
    DOCUMENT_ORDER,
    after_article,
    after_document,
    after_in_ranking,
    article_cursor,
    document_cursor,
    page_of,
)
from articles.api.params import (
    FIRST_DAY,
    LAST_DAY,
    AgencyFilters,
    ArticleFilters,
    DirectoryPaging,
    DocumentFilters,
    OfficialFilters,
    Ordering,
)
from articles.documents.models import Document, DocumentFile, DocumentRelation
from articles.documents.models.register import published_condition
from articles.documents.selectors import RegisterFilters, RelationLine, register
from articles.documents.selectors import document_page as document_page_of
from articles.documents.validity import INCOMING_LABELS, RelationKind
from articles.newsroom.models import Agency, Appointment, Article, ArticleType, Official, Programme, Section
from articles.press.models import Spokesperson
from articles.search.query import parse_query
from articles.search.ranking import filtered_articles, matching_articles, newest_matches, ranked_matches

LISTING_FIELDS = (
    "title",
    "slug",
    "lead",
    "published_at",
    "updated_at",
    "cover",
    "cover_width",
    "cover_height",
    "cover_alt",
    "cover_caption",
    "agency__name",
    "agency__slug",
    "article_type__name",
    "article_type__slug",
)


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def _listing(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.select_related("agency", "article_type").only(*LISTING_FIELDS)


@dataclass
class Listed:
    """An article with its officials, programmes and sections as plain rows: (id, slug, full name), (id, slug, code,
    title) and (id, slug, name). Two queries for a whole page, as `prefetch_related` would, without building a
    model instance and a related manager for each link (most of the CPU of a list otherwise). Other attributes are
    the article's."""

    article: Article
    officials: list[tuple[int, str, str]] = field(default_factory=list)
    programmes: list[tuple[int, str, str, str]] = field(default_factory=list)
    sections: list[tuple[int, str, str]] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.article, name)


def _with_links(articles: list[Article], *, officials: bool = True) -> list[Listed]:
    listed = {article.pk: Listed(article) for article in articles}
    if listed and officials:
        linked = (
            Article.officials.through.objects.filter(article_id__in=listed)
            .order_by("official__full_name", "official_id")
            .values_list("article_id", "official_id", "official__slug", "official__full_name")
        )
        for article_id, *official in linked:
            listed[article_id].officials.append(tuple(official))  # type: ignore[arg-type]
    if listed:
        for kind, article_id, pk, slug, text, title, _ in _programmes_and_sections(list(listed)):
            if kind == PROGRAMME_ROW:
                listed[article_id].programmes.append((pk, slug, text, title))
            else:
                listed[article_id].sections.append((pk, slug, text))
    return list(listed.values())


PROGRAMME_ROW, SECTION_ROW = 1, 2


def _programmes_and_sections(ids: list[int]) -> QuerySet:
    """The articles' programmes (by code) and sections (by the menu's order, then name) in one query (UNION ALL):
    rows of (kind, article id, id, slug, code or name, title or "", order)."""
    text: CharField[str, str] = CharField()
    # django-stubs does not follow annotations on an auto-created through model's manager: hence the ignores.
    programmes = (
        Article.programmes.through.objects.annotate(  # type: ignore[misc]
            row_kind=Value(PROGRAMME_ROW, output_field=IntegerField()),
            row_order=Value(0, output_field=IntegerField()),
        )
        .filter(article_id__in=ids)
        .values_list(
            "row_kind", "article_id", "programme_id", "programme__slug", "programme__code", "programme__title",
            "row_order",
        )
    )  # fmt: skip
    sections = (
        Article.sections.through.objects.annotate(  # type: ignore[misc]
            row_kind=Value(SECTION_ROW, output_field=IntegerField()),
            row_title=Value("", output_field=text),
        )
        .filter(article_id__in=ids)
        .values_list(
            "row_kind", "article_id", "section_id", "section__slug", "section__name", "row_title", "section__order"
        )
    )
    # Ordered by the first query's column names: kind, then order (sections), code or name, id.
    return programmes.union(sections, all=True).order_by("row_kind", "row_order", "programme__code", "programme_id")


def _in_order(ids: list[int]) -> list[Article]:
    rows = _listing(Article.objects.published()).in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _within(day: datetime.date | None) -> datetime.date | None:
    return None if day is None else min(max(day, FIRST_DAY), LAST_DAY)


def article_page(filters: ArticleFilters) -> Page:
    # Unsaved instances carry just the id: the site's filters compare ids, so no query looks them up.
    articles = filtered_articles(
        agency=Agency(pk=filters.agency) if filters.agency else None,
        official=Official(pk=filters.official) if filters.official else None,
        programme=Programme(pk=filters.programme) if filters.programme else None,
        date_from=_within(filters.date_from),
        date_to=_within(filters.date_to),
    )
    # As the section's and the type's pages of the site narrow the public articles (articles/public/views.py).
    if filters.section:
        articles = articles.filter(sections=filters.section)
    if filters.type:
        articles = articles.filter(article_type=filters.type)
    query = parse_query(filters.q or "")
    ordering = filters.ordering or (Ordering.NEWEST if query.is_empty else Ordering.RELEVANCE)
    limit = filters.limit
    if ordering == Ordering.RELEVANCE and not query.is_empty:
        ranked = ranked_matches(articles, query)
        ids, more = page_of(after_in_ranking(ranked.ids, filters.cursor), limit)
        items = _in_order(ids)
    else:
        newest_first = ordering != Ordering.OLDEST
        if filters.cursor:
            articles = after_article(articles, filters.cursor, newest_first=newest_first)
        if not query.is_empty and newest_first:
            ids, more = page_of(newest_matches(articles, query, limit + 1), limit)
            items = _in_order(ids)
        else:
            if not query.is_empty:
                articles = matching_articles(articles, query)
            order = ("-published_at", "-id") if newest_first else ("published_at", "id")
            items, more = page_of(_listing(articles).order_by(*order), limit)
    last = items[-1] if more and items else None
    return Page(_with_links(items), article_cursor(last.published_at, last.pk) if last else None)


def article(pk: int) -> Listed:
    """A public article; its schema adds what its page shows (officials with their titles then, public related
    articles, mentioned agencies), one query each."""
    found = get_object_or_404(
        Article.objects.published().select_related("agency").only(*LISTING_FIELDS, "body", "source"),
        pk=pk,
    )
    # The page's officials come with their titles then (ArticleDetail): no plain rows for them.
    return _with_links([found], officials=False)[0]


def _page_by_id(rows: QuerySet, paging: DirectoryPaging) -> Page:
    if paging.cursor:
        rows = rows.filter(pk__gt=int(paging.cursor))
    items, more = page_of(rows.order_by("pk"), paging.limit)
    return Page(items, str(items[-1].pk) if more and items else None)


def _agencies() -> QuerySet[Agency]:
    return Agency.objects.select_related("parent", "superseded_by").prefetch_related(
        Prefetch("children", queryset=Agency.objects.only("slug", "name", "parent_id")),
        # The press contacts the agency's page shows: those speaking for it today.
        Prefetch("spokespersons", queryset=Spokesperson.objects.current().for_page(), to_attr="current_spokespersons"),
    )


def agency_page(filters: AgencyFilters) -> Page:
    agencies = _agencies()
    if filters.parent:
        agencies = agencies.filter(parent_id=filters.parent)
    return _page_by_id(agencies, filters)


def agency(pk: int) -> Agency:
    return get_object_or_404(_agencies(), pk=pk)


def _officials() -> QuerySet[Official]:
    appointments = Appointment.objects.select_related("agency").only(
        "official_id", "title", "start_date", "end_date", "agency__slug", "agency__name"
    )
    return Official.objects.prefetch_related(
        Prefetch("appointments", queryset=appointments.order_by("-start_date", "order", "pk"))
    )


def official_page(filters: OfficialFilters) -> Page:
    officials = _officials()
    if filters.agency:
        officials = officials.filter(pk__in=Appointment.objects.filter(agency_id=filters.agency).values("official_id"))
    return _page_by_id(officials, filters)


def official(pk: int) -> Official:
    return get_object_or_404(_officials(), pk=pk)


def _programmes() -> QuerySet[Programme]:
    public = Q(articles__in=Article.objects.published())
    return Programme.objects.select_related("issuing_agency").annotate(
        article_count=Count("articles", filter=public, distinct=True)
    )


def programme_page(paging: DirectoryPaging) -> Page:
    return _page_by_id(_programmes(), paging)


def programme(pk: int) -> Programme:
    return get_object_or_404(_programmes(), pk=pk)


# --- how articles are filed: public as they are, as the site's menus and pages show them ----------------------------


def section_page(paging: DirectoryPaging) -> Page:
    return _page_by_id(Section.objects.all(), paging)


def section(pk: int) -> Section:
    return get_object_or_404(Section, pk=pk)


def article_type_page(paging: DirectoryPaging) -> Page:
    return _page_by_id(ArticleType.objects.all(), paging)


def article_type(pk: int) -> ArticleType:
    return get_object_or_404(ArticleType, pk=pk)


# --- the documents register: the register's own reads (`Document.objects.published()` through `register`) ----------


@dataclass
class ListedDocument:
    """A public document with what its object shows: files, co-issuers, relations both ways with public documents
    only (as `RelationLine`s, the register page's own lines); and, for one document, what its page adds."""

    document: Document
    files: list[DocumentFile]
    joint_agencies: list[Agency]
    relations: list[RelationLine]
    validity_reason: str = ""
    signer_title_then: str = ""
    articles: list[Article] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)


def _documents(documents: QuerySet[Document]) -> QuerySet[Document]:
    # `defer(None)` takes back the listing's `only()`: an object of the API shows every public field.
    return (
        documents.defer(None)
        .defer("search_folded")
        .select_related("document_type", "agency", "field", "signer", "programme")
    )


def _relation_lines(ids: list[int]) -> dict[int, list[RelationLine]]:
    """The relations of the documents `ids` with other public documents, both ways, in one query. The other side's
    publicity is the register's own rule (`published_condition`, i.e. `Document.objects.published()` on a join)."""
    lines: dict[int, list[RelationLine]] = {pk: [] for pk in ids}
    if not ids:
        return lines
    rows = (
        DocumentRelation.objects.filter(
            (Q(source_id__in=ids) & published_condition("target__"))
            | (Q(target_id__in=ids) & published_condition("source__"))
        )
        .select_related("source", "target")
        .only(*(f"{side}__{name}" for side in ("source", "target") for name in RELATED_FIELDS), "kind", "note")
        .order_by("kind", "pk")
    )
    for relation in rows:
        kind = RelationKind(relation.kind)
        if relation.source_id in lines:
            lines[relation.source_id].append(RelationLine(kind.label, relation.target, relation.note, kind, True))
        if relation.target_id in lines:
            label = INCOMING_LABELS[kind]
            lines[relation.target_id].append(RelationLine(label, relation.source, relation.note, kind, False))
    return lines


RELATED_FIELDS = ("title", "slug", "number", "issued_on")


def document_page(filters: DocumentFilters) -> Page:
    """The register page's list (`documents.selectors.register`: its filters, its number search), by cursor."""
    agency_slug = ""
    if filters.agency:
        # The register filters agencies by slug (the site's form); the API names them by id.
        agency_slug = Agency.objects.filter(pk=filters.agency).values_list("slug", flat=True).first() or ""
        if not agency_slug:
            return Page([], None)
    documents: QuerySet[Document] = register(
        RegisterFilters(
            q=(filters.q or "").strip(),
            type=filters.type or "",
            agency=agency_slug,
            field=filters.field or "",
            year=filters.year,
            validity=filters.validity or "",
        )
    )
    if filters.cursor:
        documents = after_document(documents, filters.cursor)
    rows, more = page_of(
        _documents(documents)
        .prefetch_related(
            Prefetch("joint_agencies", queryset=Agency.objects.only("slug", "name")),
            Prefetch("files", queryset=DocumentFile.objects.order_by("order", "pk")),
        )
        .order_by(*DOCUMENT_ORDER),
        filters.limit,
    )
    relations = _relation_lines([row.pk for row in rows])
    items = [
        ListedDocument(row, list(row.files.all()), list(row.joint_agencies.all()), relations[row.pk]) for row in rows
    ]
    last = rows[-1] if more and rows else None
    return Page(items, document_cursor(last.issued_on, last.pk) if last else None)


def document(pk: int) -> ListedDocument:
    """A public document (never a withdrawn one: the API, as the register's lists, shows published documents only),
    with what its page shows, read by the register's own `document_page`."""
    found = get_object_or_404(_documents(Document.objects.published().with_validity()), pk=pk)
    page = document_page_of(found)
    return ListedDocument(
        found,
        page.files,
        page.joint_agencies,
        page.relations,
        validity_reason=page.reason,
        signer_title_then=page.signer_title_then,
        articles=page.articles,
    )
