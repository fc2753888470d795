"""sitemap.xml sections of the register (cms/urls.py adds them to the site's index): the register's page, then
every public document."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from articles.documents.models import Document

REGISTER_PAGE = "documents:list"


class _RegisterThenDocuments(Sequence):
    """The register's page followed by the documents, sliced lazily: a section always holds one address (an empty
    urlset is not a valid sitemap) and a page of it loads only its documents."""

    def __init__(self, documents: QuerySet[Document]) -> None:
        self.documents = documents

    def __len__(self) -> int:
        return 1 + self.documents.count()

    def count(self, value: object = None) -> int:  # Paginator prefers count() to len()
        return len(self)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        head = [REGISTER_PAGE] if start == 0 and stop > 0 else []
        return head + list(self.documents[max(start - 1, 0) : max(stop - 1, 0)])


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 1000

    def items(self):
        documents = Document.objects.published().only("slug", "updated_at", "published_at")
        return _RegisterThenDocuments(documents.order_by("-published_at", "-id"))

    def location(self, item) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        # The index names this section without a date: one query less on the index page, which lists every
        # section of the site within 8 queries (Django's default would load every document to find it).
        return None


SITEMAPS = {"van-ban": DocumentSitemap}
