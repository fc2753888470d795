"""RSS of newly published documents: the whole register, one type, one issuing agency."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from articles.documents.models import Document, DocumentQuerySet, DocumentType
from articles.newsroom.models import Agency

FEED_SIZE = 30
SITE_NAME = "Cổng thông tin Thành phố Hà Nội"


class DocumentFeed(Feed):
    """The newest public documents among `documents(obj)`, as feed entries."""

    feed_type = Rss201rev2Feed
    language = "vi"
    item_guid_is_permalink = False

    def documents(self, obj: Any) -> DocumentQuerySet:
        return Document.objects.all()

    def items(self, obj=None):
        return list(
            self.documents(obj)
            .published()
            .select_related("agency")
            .only("title", "slug", "summary", "published_at", "updated_at", "agency__name")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        return item.summary

    def item_pubdate(self, item: Document):
        return item.published_at

    def item_updateddate(self, item: Document):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Document) -> str:
        return item.agency.name if item.agency else ""

    def item_guid(self, item: Document) -> str:
        return f"urn:toasoan:van-ban:{item.pk}"


class DocumentsFeed(DocumentFeed):
    title = f"Văn bản mới – {SITE_NAME}"
    description = "Văn bản mới đăng trên danh mục văn bản của Thành phố Hà Nội."

    def link(self) -> str:
        return reverse("documents:list")


class TypeFeed(DocumentFeed):
    def get_object(self, request, slug: str) -> DocumentType:
        return get_object_or_404(DocumentType, slug=slug)

    def title(self, obj: DocumentType) -> str:
        return f"{obj.name} mới – {SITE_NAME}"

    def description(self, obj: DocumentType) -> str:
        return f"{obj.name} mới đăng trên danh mục văn bản của Thành phố Hà Nội."

    def link(self, obj: DocumentType) -> str:
        return reverse("documents:list") + f"?loai={obj.slug}"

    def documents(self, obj: DocumentType) -> DocumentQuerySet:
        return Document.objects.filter(document_type=obj)


class AgencyFeed(DocumentFeed):
    def get_object(self, request, slug: str) -> Agency:
        return get_object_or_404(Agency, slug=slug)

    def title(self, obj: Agency) -> str:
        return f"Văn bản của {obj.name} – {SITE_NAME}"

    def description(self, obj: Agency) -> str:
        return f"Văn bản mới do {obj.name} ban hành."

    def link(self, obj: Agency) -> str:
        return reverse("documents:list") + f"?co_quan={obj.slug}"

    def documents(self, obj: Agency) -> DocumentQuerySet:
        joint = Document.joint_agencies.through.objects.filter(agency=obj).values("document_id")
        return Document.objects.filter(agency=obj) | Document.objects.filter(pk__in=joint)
