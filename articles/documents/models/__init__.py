"""The documents register and programmes' results."""

from articles.documents.models.files import DocumentFile
from articles.documents.models.links import DocumentMention, NumberSuggestion
from articles.documents.models.programmes import (
    ProgrammeReporting,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
    period_end,
)
from articles.documents.models.register import (
    Document,
    DocumentEvent,
    DocumentField,
    DocumentQuerySet,
    DocumentRelation,
    DocumentType,
    replacement_path,
)

__all__ = [
    "Document",
    "DocumentEvent",
    "DocumentField",
    "DocumentFile",
    "DocumentMention",
    "DocumentQuerySet",
    "DocumentRelation",
    "DocumentType",
    "NumberSuggestion",
    "ProgrammeReporting",
    "ProgrammeTarget",
    "ProgressReport",
    "ReportedValue",
    "period_end",
    "replacement_path",
]
