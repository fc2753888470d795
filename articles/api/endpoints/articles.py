"""Articles: the public ones only (`Article.objects.published()`), filtered and searched as on the site."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from articles.api import selectors
from articles.api.errors import LIST_ERRORS, OBJECT_ERRORS
from articles.api.pagination import next_url
from articles.api.params import MAX_ID, ArticleFilters
from articles.api.schemas import ArticleDetail, ArticlePage

router = Router(tags=["Bài viết"])


@router.get("/", response={200: ArticlePage, **LIST_ERRORS}, url_name="article_list", summary="Danh sách bài viết")
def article_list(request: HttpRequest, filters: Query[ArticleFilters]) -> dict[str, Any]:
    """Các bài đang công khai, mới nhất trước; lọc theo cơ quan, cán bộ, chương trình, chuyên mục, loại tin, khoảng
    ngày và từ khóa."""
    page = selectors.article_page(filters)
    return {"items": page.items, "next": next_url(request, page.next_cursor), "next_cursor": page.next_cursor}


@router.get("/{id}/", response={200: ArticleDetail, **OBJECT_ERRORS}, url_name="article_detail", summary="Một bài viết")
def article_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    """Toàn văn một bài đang công khai. Bài chưa đăng, đã gỡ hoặc lưu trữ trả về 404."""
    return selectors.article(id)
