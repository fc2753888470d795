"""Which agency released a legacy article: the name on its `Nguồn :` line, matched against the agencies' names
and aliases folded (without marks, case or punctuation: `Sở GTVT Hà Nội` matches an alias `Sở GTVT Hà Nội` and
`so gtvt ha noi`). An unknown name files the article under the fallback agency (`--agency`) and is remembered
(`LegacyImport.unmatched_source`); once an editor adds it to an agency's aliases, the next import run moves the
article there, unless someone moved it meanwhile. The summary lists the names still unknown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from articles.legacy.models import LegacyImport
from articles.newsroom.models import Agency, Article
from articles.newsroom.text import fold
from articles.pagecache.invalidation import content_changed

SourceAgencies = dict[str, int]  # folded name or alias -> agency id


def source_key(name: str) -> str:
    return fold(name)


def source_agencies(agencies: Iterable[Agency]) -> SourceAgencies:
    """Folded names and aliases of the agencies; a name two agencies share goes to the older one."""
    found: SourceAgencies = {}
    for agency in sorted(agencies, key=lambda a: a.pk):
        for name in (agency.name, *agency.alias_list):
            if key := source_key(name):
                found.setdefault(key, agency.pk)
    return found


def attribute(source: str, *, agencies: SourceAgencies, fallback_id: int) -> tuple[int, str]:
    """(the agency to file the article under, the source name no agency answered or "")."""
    if not source.strip():
        return fallback_id, ""
    agency_id = agencies.get(source_key(source))
    return (agency_id, "") if agency_id is not None else (fallback_id, source.strip())


def reattribute() -> int:
    """Move the articles whose source name is now known to its agency, if they are still where the import filed
    them; returns how many moved. Names of articles an editor moved elsewhere stop being pending."""
    pending = list(
        LegacyImport.objects.exclude(unmatched_source="")
        .annotate(current_agency=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("agency_id")[:1]))
        .only("pk", "article_id", "unmatched_source", "filed_agency_id")
    )
    if not pending:
        return 0
    agencies = source_agencies(Agency.objects.only("pk", "name", "aliases"))
    moved = 0
    with transaction.atomic():
        for row in pending:
            agency_id = agencies.get(source_key(row.unmatched_source))
            if agency_id is None:
                continue
            filed: int | None
            if row.current_agency == row.filed_agency_id and agency_id != row.current_agency:
                moved += Article.objects.filter(pk=row.article_id, agency_id=row.current_agency).update(
                    agency_id=agency_id, updated_at=timezone.now()
                )
                filed = agency_id
            else:
                filed = row.filed_agency_id
            LegacyImport.objects.filter(pk=row.pk).update(filed_agency_id=filed, unmatched_source="")
    if moved:
        content_changed()  # UPDATE sends no signal
    return moved


def unknown_sources() -> list[tuple[str, int]]:
    """The source names still matching no agency, with how many articles name each, most frequent first."""
    counts = Counter(LegacyImport.objects.exclude(unmatched_source="").values_list("unmatched_source", flat=True))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
