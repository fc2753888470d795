from typing import Any

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "articles.documents"
    label = "documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from articles.documents import linking, models
        from articles.newsroom.models import Article
        from articles.pagecache.invalidation import watch

        watch(models.Document, seen=_document_seen)
        watch(models.DocumentEvent, seen=_step_seen)
        for model in (models.DocumentFile, models.DocumentRelation, models.ProgressReport, models.ReportedValue):
            watch(model, seen=_of_public_document)
        # Public with their programme, as the programme is.
        watch(models.ProgrammeTarget)
        watch(models.DocumentType)
        watch(models.DocumentField)
        post_save.connect(linking.article_saved, sender=Article, dispatch_uid="documents-link-article")
        post_save.connect(linking.document_saved, sender=models.Document, dispatch_uid="documents-resolve-suggestions")


SEEN = frozenset({"published", "withdrawn"})


def _document_seen(document: Any) -> bool:
    return document.status in SEEN or document.loaded_status in SEEN


def _step_seen(event: Any) -> bool:
    return bool({event.from_status, event.to_status} & SEEN)


def _of_public_document(row: Any) -> bool:
    """A file, relation, report or reported value is seen when a document it belongs to is (or was) public."""
    from articles.documents.models import Document, ReportedValue

    if isinstance(row, ReportedValue):
        documents = Document.objects.filter(progress_reports__pk=row.report_id)
    else:
        ids = {getattr(row, name, None) for name in ("document_id", "source_id", "target_id")} - {None}
        documents = Document.objects.filter(pk__in=ids)
    return documents.filter(status__in=SEEN).exists()
