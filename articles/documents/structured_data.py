"""JSON-LD for a document's page: schema.org `Legislation` for the types that are law or direction (resolutions,
decisions, directives, rules), `Report` for reports, `DigitalDocument` otherwise (DocumentType.schema_type)."""

from __future__ import annotations

from typing import Any

from articles.documents.models import Document
from articles.documents.selectors import DocumentPage
from articles.documents.validity import RelationKind, Validity

LEGAL_FORCE = {
    Validity.IN_FORCE: "https://schema.org/InForce",
    Validity.PARTLY: "https://schema.org/PartiallyInForce",
    Validity.NOT_YET: "https://schema.org/NotInForce",
    Validity.EXPIRED: "https://schema.org/NotInForce",
    Validity.SUSPENDED: "https://schema.org/NotInForce",
}
CHANGING = {RelationKind.REPLACES, RelationKind.AMENDS, RelationKind.SUSPENDS}


def document_ld(document: Document, page: DocumentPage, absolute) -> dict[str, Any]:
    """`absolute(path)` makes an absolute URL (request.build_absolute_uri)."""
    schema = document.document_type.schema_type
    organisation = None
    if document.agency:
        agency_url = absolute(document.agency.get_absolute_url())
        organisation = {"@type": "GovernmentOrganization", "name": document.agency.name, "url": agency_url}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema,
        "name": document.title,
        "headline": document.title,
        "abstract": document.summary,
        "url": absolute(document.get_absolute_url()),
        "inLanguage": "vi",
        "datePublished": document.published_at,
        "dateModified": max(document.updated_at, document.published_at),
    }
    if document.issued_on:
        data["dateCreated"] = document.issued_on
    if document.expires_on:
        data["expires"] = document.expires_on
    if organisation:
        data["author"] = organisation
    if page.files:
        data["encoding"] = [
            {"@type": "MediaObject", "name": attached.label, "encodingFormat": attached.get_kind_display(),
             "contentSize": attached.size_label, "contentUrl": absolute(_download(document, attached.pk))}
            for attached in page.files
        ]  # fmt: skip
    if schema == "Legislation":
        data.update(
            {
                "legislationIdentifier": document.number,
                "legislationType": document.document_type.name,
                "legislationDate": document.issued_on,
                "legislationJurisdiction": "Thành phố Hà Nội",
            }
        )
        if organisation:
            data["legislationPassedBy"] = organisation
        if force := LEGAL_FORCE.get(Validity(getattr(document, "validity", Validity.IN_FORCE))):
            data["legislationLegalForce"] = force
        changed = [
            absolute(line.other.get_absolute_url())
            for line in page.relations
            if line.outgoing and line.kind in CHANGING
        ]
        if changed:
            data["legislationChanges"] = changed
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _download(document: Document, pk: int) -> str:
    from django.urls import reverse

    return reverse("documents:download", kwargs={"slug": document.slug, "pk": pk})
