"""Public pages of the register: the list with its filters and number search, a document, a file's download."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.documents import selectors
from articles.documents.forms import RegisterForm
from articles.documents.models import Document, DocumentFile, DocumentQuerySet
from articles.documents.selectors import RegisterFilters
from articles.documents.structured_data import document_ld

PAGE_SIZE = 20
DEFERRED_JOIN_OFFSET = 200
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


class IdsFirstPaginator(Paginator):
    """Deep pages find their ids first, then load those rows: the database then computes each row's validity
    (articles/documents/validity.py) for one page, not for every row skipped by the offset (1.7 s instead of 60 ms
    for page 500 of 20 000 on PostgreSQL, bench/documents.py)."""

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not isinstance(self.object_list, QuerySet) or bottom < DEFERRED_JOIN_OFFSET:
            return super().page(number)
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.in_bulk(ids)
        return Page([rows[pk] for pk in ids if pk in rows], number, self)


class DocumentListView(ListView):
    template_name = "documents/list.html"
    context_object_name = "documents"
    paginate_by = PAGE_SIZE
    paginator_class = IdsFirstPaginator

    def get_queryset(self) -> QuerySet[Document]:
        self.form = RegisterForm(self.request.GET or None)
        filters = self.form.filters() if self.form.is_bound and self.form.is_valid() else RegisterFilters()
        self.filters = filters
        if self.form.is_bound and not self.form.is_valid():
            return Document.objects.none()
        return selectors.register(filters)

    def get_context_data(self, **kwargs):
        # In Vietnamese only: no alternate-language address to announce.
        return super().get_context_data(form=self.form, filters=self.filters, no_hreflang=True, **kwargs)


class DocumentDetailView(DetailView):
    template_name = "documents/detail.html"
    context_object_name = "document"

    def get_queryset(self) -> DocumentQuerySet:
        return (
            selectors.readable_documents()
            .with_validity()
            .select_related("document_type", "agency", "field", "signer", "programme")
            .defer("search_folded")
        )

    def get_context_data(self, **kwargs):
        page = selectors.document_page(self.object)
        structured = document_ld(self.object, page, self.request.build_absolute_uri)
        return super().get_context_data(page=page, structured_data=structured, no_hreflang=True, **kwargs)


def download(request, slug: str, pk: int) -> FileResponse:
    """A public document's file, as an attachment of its checked type (never sniffed, never shown inline)."""
    attached = get_object_or_404(
        DocumentFile.objects.select_related("document").filter(document__in=selectors.readable_documents()),
        pk=pk,
        document__slug=slug,
    )
    try:
        stream = default_storage.open(attached.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404("Không tìm thấy tệp.") from error
    response = FileResponse(
        stream, as_attachment=True, filename=attached.label, content_type=CONTENT_TYPES[attached.kind]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
