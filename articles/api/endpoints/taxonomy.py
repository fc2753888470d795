"""How articles are filed, public as on the site: sections (chuyên mục) and article types (loại tin)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from articles.api import selectors
from articles.api.errors import LIST_ERRORS, OBJECT_ERRORS
from articles.api.pagination import next_url
from articles.api.params import MAX_ID, DirectoryPaging
from articles.api.schemas import ArticleTypeOut, ArticleTypePage, SectionOut, SectionPage
from articles.api.selectors import Page

sections = Router(tags=["Chuyên mục"])
article_types = Router(tags=["Loại tin"])


def _listed(request: HttpRequest, page: Page) -> dict[str, Any]:
    return {"items": page.items, "next": next_url(request, page.next_cursor), "next_cursor": page.next_cursor}


@sections.get("/", response={200: SectionPage, **LIST_ERRORS}, url_name="section_list", summary="Danh sách chuyên mục")
def section_list(request: HttpRequest, filters: Query[DirectoryPaging]) -> dict[str, Any]:
    """Mọi chuyên mục theo mã tăng dần; `order` là thứ tự trong trình đơn của cổng thông tin."""
    return _listed(request, selectors.section_page(filters))


@sections.get(
    "/{id}/", response={200: SectionOut, **OBJECT_ERRORS}, url_name="section_detail", summary="Một chuyên mục"
)
def section_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    """Bài của chuyên mục: /articles/?section=`id`."""
    return selectors.section(id)


@article_types.get(
    "/", response={200: ArticleTypePage, **LIST_ERRORS}, url_name="article_type_list", summary="Danh sách loại tin"
)
def article_type_list(request: HttpRequest, filters: Query[DirectoryPaging]) -> dict[str, Any]:
    """Mọi loại tin (Thông cáo báo chí, Tin hoạt động…) theo mã tăng dần."""
    return _listed(request, selectors.article_type_page(filters))


@article_types.get(
    "/{id}/", response={200: ArticleTypeOut, **OBJECT_ERRORS}, url_name="article_type_detail", summary="Một loại tin"
)
def article_type_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    """Bài của loại tin: /articles/?type=`id`."""
    return selectors.article_type(id)
