"""API v1 (django-ninja, chosen by measurement: docs/api.md): the routers, the JSON renderer, the errors."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from articles.api.endpoints import articles, directory, documents, taxonomy
from articles.api.errors import LIST_ERRORS, error_response, parameter_errors

VERSION = "1"


class Utf8JSONRenderer(JSONRenderer):
    """UTF-8 text as it is (Vietnamese stays readable and about half the size of \\u escapes), compact."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        return json.dumps(data, cls=self.encoder_class, ensure_ascii=False, separators=(",", ":"))


api = NinjaAPI(
    title="API dữ liệu mở – Cổng thông tin Thành phố Hà Nội",
    version=VERSION,
    description=(
        "Mọi nội dung công khai của cổng thông tin dưới dạng JSON, chỉ đọc, không cần đăng ký: bài viết, cơ quan, "
        "cán bộ, chương trình, chuyên mục, loại tin, văn bản. Hướng dẫn: /api/v1/docs/. Giới hạn mỗi địa chỉ IP "
        "một số yêu cầu mỗi phút "
        "(429 kèm Retry-After). Phiên bản và chính sách ngừng hỗ trợ: xem trang hướng dẫn."
    ),
    urls_namespace="api:v1",
    openapi_url="/schema/",
    docs_url=None,
    renderer=Utf8JSONRenderer(),
)
api.add_router("/articles/", articles.router)
api.add_router("/agencies/", directory.agencies)
api.add_router("/officials/", directory.officials)
api.add_router("/programmes/", directory.programmes)
api.add_router("/sections/", taxonomy.sections)
api.add_router("/article-types/", taxonomy.article_types)
api.add_router("/documents/", documents.router)


@api.exception_handler(ValidationError)
def _bad_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return error_response(400, errors=parameter_errors(error.errors))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(404, detail="Không có đối tượng công khai nào mang mã này.")


class Index(Schema):
    version: str
    articles: str
    agencies: str
    officials: str
    programmes: str
    sections: str
    article_types: str
    documents: str
    feed: str
    schema_url: str
    docs: str


@api.get("/", response={200: Index, **LIST_ERRORS}, url_name="index", summary="Điểm bắt đầu", tags=["Chung"])
def index(request: HttpRequest) -> dict[str, str]:
    """Địa chỉ của từng danh sách, của lược đồ OpenAPI và của trang hướng dẫn."""

    def absolute(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    return {
        "version": VERSION,
        "articles": absolute("api:v1:article_list"),
        "agencies": absolute("api:v1:agency_list"),
        "officials": absolute("api:v1:official_list"),
        "programmes": absolute("api:v1:programme_list"),
        "sections": absolute("api:v1:section_list"),
        "article_types": absolute("api:v1:article_type_list"),
        "documents": absolute("api:v1:document_list"),
        "feed": absolute("public:feed_json"),
        "schema_url": absolute("api:v1:openapi-json"),
        "docs": absolute("api:docs"),
    }
