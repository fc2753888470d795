"""What the front page shows, read in a fixed number of queries whatever the size of the newsroom.

- The lead story: the newest pinned story, else the newest featured one, else the newest story with a cover
  (featuring and its end time: `Article.objects.featured_now()`).
- Three to five secondary stories: the other featured ones, then the newest stories with a cover.
- The latest releases: the newest stories not shown above.
- A block per main section (`Section.on_home`): its newest stories among the newest `BLOCK_WINDOW` public ones,
  leaving out those already on the page: each story is on the front page once.
- The newest documents of the register (articles/documents).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Subquery, Value, When, Window
from django.db.models.functions import RowNumber

from articles.documents.models import Document
from articles.newsroom.models import Article, Section

SECONDARY_MIN, SECONDARY_TARGET, SECONDARY_MAX = 3, 4, 5
FEATURED_LIMIT = 1 + SECONDARY_MAX
LATEST_SIZE = 8
RECENT_SIZE = 1 + SECONDARY_MAX + LATEST_SIZE + 6
BLOCK_SIZE = 4
DOCUMENTS_SIZE = 5
# Section blocks look among this many of the newest public stories: one window query over a bounded set, rather
# than one query per section or a sort of each section's whole history on every render.
BLOCK_WINDOW = 2000


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article] = field(default_factory=list)


@dataclass
class FrontPage:
    lead: Article | None
    secondary: list[Article]
    latest: list[Article]
    blocks: list[SectionBlock]
    documents: list[Document] = field(default_factory=list)


def _featured() -> list[Article]:
    pinned_first = Case(
        When(feature=Article.Feature.PINNED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        Article.objects.featured_now().for_listing().order_by(pinned_first, "-published_at", "-id")[:FEATURED_LIMIT]
    )


def _section_blocks(*, shown: set[int]) -> list[SectionBlock]:
    """Each main section's newest stories not already on the page (above, or in an earlier block): a story is on
    the front page once."""
    links = Article.sections.through.objects
    newest = Article.objects.published().order_by("-published_at", "-id").values("pk")[:BLOCK_WINDOW]
    rows = (
        links.filter(section__on_home=True, article__in=Subquery(newest))
        .exclude(article__in=shown)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=[F("article__published_at").desc(), F("article_id").desc()],
            )
        )
        .filter(**{"rank__lte": 2 * BLOCK_SIZE})  # room for stories an earlier block already shows
        .select_related("section", "article", "article__agency")
        .defer("article__body", "article__body_text", "article__search_folded", "article__search_vector")
        .order_by("section__order", "section__name", "rank")
    )
    blocks: dict[int, SectionBlock] = {}
    used = set(shown)
    for row in rows:
        block = blocks.setdefault(row.section_id, SectionBlock(row.section))
        if row.article_id not in used and len(block.articles) < BLOCK_SIZE:
            block.articles.append(row.article)
            used.add(row.article_id)
    return [block for block in blocks.values() if block.articles]


def front_page() -> FrontPage:
    featured = _featured()
    recent = list(Article.objects.published().for_listing()[:RECENT_SIZE])
    lead = featured[0] if featured else next((a for a in recent if a.cover), None)
    if lead is None and not featured:
        lead = Article.objects.published().for_listing().exclude(cover="").first() or (recent[0] if recent else None)
    shown = {lead.pk} if lead else set()
    secondary = [a for a in featured[1:] if a.pk not in shown][:SECONDARY_MAX]
    shown |= {a.pk for a in secondary}
    with_cover = [a for a in recent if a.cover and a.pk not in shown]
    secondary += with_cover[: max(0, SECONDARY_TARGET - len(secondary))]
    if len(secondary) < SECONDARY_MIN:  # a newsroom with few pictures: stories without one, laid out as text
        secondary += [a for a in recent if a.pk not in shown and a not in secondary][: SECONDARY_MIN - len(secondary)]
    shown |= {a.pk for a in secondary}
    latest = [a for a in recent if a.pk not in shown][:LATEST_SIZE]
    shown |= {a.pk for a in latest}
    documents = list(
        Document.objects.published()
        .select_related("document_type")
        .only("slug", "number", "summary", "issued_on", "published_at", "document_type__name")
        .order_by("-issued_on", "-id")[:DOCUMENTS_SIZE]
    )
    return FrontPage(
        lead=lead, secondary=secondary, latest=latest, blocks=_section_blocks(shown=shown), documents=documents
    )
