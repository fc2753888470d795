"""The directory every agency shares, public as on the site: agencies, officials with appointments, programmes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from articles.api import selectors
from articles.api.errors import LIST_ERRORS, OBJECT_ERRORS
from articles.api.pagination import next_url
from articles.api.params import MAX_ID, AgencyFilters, DirectoryPaging, OfficialFilters
from articles.api.schemas import AgencyOut, AgencyPage, OfficialOut, OfficialPage, ProgrammeOut, ProgrammePage
from articles.api.selectors import Page

agencies = Router(tags=["Cơ quan"])
officials = Router(tags=["Cán bộ"])
programmes = Router(tags=["Chương trình"])


def _listed(request: HttpRequest, page: Page) -> dict[str, Any]:
    return {"items": page.items, "next": next_url(request, page.next_cursor), "next_cursor": page.next_cursor}


@agencies.get("/", response={200: AgencyPage, **LIST_ERRORS}, url_name="agency_list", summary="Danh sách cơ quan")
def agency_list(request: HttpRequest, filters: Query[AgencyFilters]) -> dict[str, Any]:
    """Mọi cơ quan (kể cả đã sáp nhập, đổi tên, giải thể), theo mã tăng dần, với cấp trên, trực thuộc và liên hệ."""
    return _listed(request, selectors.agency_page(filters))


@agencies.get("/{id}/", response={200: AgencyOut, **OBJECT_ERRORS}, url_name="agency_detail", summary="Một cơ quan")
def agency_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return selectors.agency(id)


@officials.get("/", response={200: OfficialPage, **LIST_ERRORS}, url_name="official_list", summary="Danh sách cán bộ")
def official_list(request: HttpRequest, filters: Query[OfficialFilters]) -> dict[str, Any]:
    """Cán bộ lãnh đạo theo mã tăng dần, mỗi người với toàn bộ quá trình công tác."""
    return _listed(request, selectors.official_page(filters))


@officials.get("/{id}/", response={200: OfficialOut, **OBJECT_ERRORS}, url_name="official_detail", summary="Một cán bộ")
def official_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return selectors.official(id)


@programmes.get(
    "/", response={200: ProgrammePage, **LIST_ERRORS}, url_name="programme_list", summary="Danh sách chương trình"
)
def programme_list(request: HttpRequest, filters: Query[DirectoryPaging]) -> dict[str, Any]:
    """Chương trình công tác theo mã tăng dần, với số bài đang công khai về mỗi chương trình."""
    return _listed(request, selectors.programme_page(filters))


@programmes.get(
    "/{id}/", response={200: ProgrammeOut, **OBJECT_ERRORS}, url_name="programme_detail", summary="Một chương trình"
)
def programme_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return selectors.programme(id)
