"""The archive's sections for the documents register (articles/documents): types and fields (seeded by the
migrations, so merged by key), documents with their files (by storage name, as pictures), relations, the articles
that name them, numbers waiting for a document, and programmes' targets and reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from articles.documents.models import (
    Document,
    DocumentField,
    DocumentFile,
    DocumentMention,
    DocumentRelation,
    DocumentType,
    NumberSuggestion,
    ProgrammeTarget,
    ProgressReport,
    ReportedValue,
)

if TYPE_CHECKING:
    from articles.backup.archive import Section

DOCUMENT_LABELS = {
    "document_type": "loại văn bản",
    "document_field": "lĩnh vực",
    "document": "văn bản",
    "document_file": "tệp văn bản",
    "document_relation": "quan hệ giữa văn bản",
    "document_mention": "bài viết nhắc đến văn bản",
    "number_suggestion": "số văn bản chưa có trong danh mục",
    "programme_target": "chỉ tiêu",
    "progress_report": "báo cáo kết quả thực hiện",
    "reported_value": "kết quả theo chỉ tiêu",
}


def document_sections() -> list[Section]:
    from articles.backup.archive import Section

    return [
        Section(type="document_type", model=DocumentType, key="slug", order_by=("slug",), seeded=True),
        Section(type="document_field", model=DocumentField, key="slug", order_by=("slug",), seeded=True),
        Section(
            type="document",
            model=Document,
            key="slug",
            order_by=("slug",),
            references={
                "document_type": "document_type",
                "agency": "agency",
                "signer": "official",
                "field": "document_field",
                "programme": "programme",
                "submitted_by": "user",
                "created_by": "user",
                "updated_by": "user",
            },
            many={"joint_agencies": "agency"},
            select=(
                "document_type",
                "agency",
                "signer",
                "field",
                "programme",
                "submitted_by",
                "created_by",
                "updated_by",
            ),
            prefetch=("joint_agencies",),
            # Derived by Document.save() from the number and the text; the mentions are their own section.
            exclude=frozenset({"search_folded", "mentioned_in"}),
        ),
        Section(
            type="document_file",
            model=DocumentFile,
            key=None,
            order_by=("document__slug", "order", "file"),
            references={"document": "document"},
            select=("document",),
        ),
        Section(
            type="document_relation",
            model=DocumentRelation,
            key=None,
            order_by=("source__slug", "kind", "target__slug"),
            references={"source": "document", "target": "document"},
            select=("source", "target"),
        ),
        Section(
            type="document_mention",
            model=DocumentMention,
            key=None,
            order_by=("document__slug", "article__slug"),
            references={"document": "document", "article": "article"},
            select=("document", "article"),
        ),
        Section(
            type="number_suggestion",
            model=NumberSuggestion,
            key=None,
            order_by=("article__slug", "number_key"),
            references={"article": "article"},
            select=("article",),
        ),
        Section(
            type="programme_target",
            model=ProgrammeTarget,
            key="uid",
            order_by=("programme__code", "order", "name", "uid"),
            references={"programme": "programme"},
            select=("programme",),
        ),
        Section(
            type="progress_report",
            model=ProgressReport,
            key="uid",
            order_by=("programme__code", "year", "period"),
            references={"programme": "programme", "document": "document"},
            select=("programme", "document"),
        ),
        Section(
            type="reported_value",
            model=ReportedValue,
            key=None,
            order_by=("report__uid", "target__uid"),
            references={"report": "progress_report", "target": "programme_target"},
            select=("report", "target"),
        ),
    ]
