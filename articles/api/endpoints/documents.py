"""The documents register: published documents only (`Document.objects.published()`, through the register's own
reads), filtered and searched by number as on the register's page (/van-ban/)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from articles.api import selectors
from articles.api.errors import LIST_ERRORS, OBJECT_ERRORS
from articles.api.pagination import next_url
from articles.api.params import MAX_ID, DocumentFilters
from articles.api.schemas import DocumentDetail, DocumentPage

router = Router(tags=["Văn bản"])


@router.get("/", response={200: DocumentPage, **LIST_ERRORS}, url_name="document_list", summary="Danh sách văn bản")
def document_list(request: HttpRequest, filters: Query[DocumentFilters]) -> dict[str, Any]:
    """Các văn bản đang công khai, ban hành mới nhất trước, với tệp và quan hệ; lọc như trang văn bản của cổng
    thông tin: loại, cơ quan ban hành, lĩnh vực, năm, tình trạng hiệu lực, số ký hiệu hoặc từ khóa."""
    page = selectors.document_page(filters)
    return {"items": page.items, "next": next_url(request, page.next_cursor), "next_cursor": page.next_cursor}


@router.get(
    "/{id}/", response={200: DocumentDetail, **OBJECT_ERRORS}, url_name="document_detail", summary="Một văn bản"
)
def document_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    """Một văn bản đang công khai, với lý do của tình trạng hiệu lực và các bài viết nhắc đến nó. Văn bản chưa
    đăng hoặc đã gỡ trả về 404."""
    return selectors.document(id)
