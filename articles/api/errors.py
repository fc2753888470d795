"""Every 4xx of the API is JSON: {"status", "title", "detail", "errors": [{"parameter", "message"}]}, in Vietnamese.

Bad parameters are a 400 with one entry per parameter (never a 500: params.py bounds every value the database
could not take). Anything else that ends in a 4xx under /api/ without a JSON body (an unknown address, a method
other than GET) is given one by articles/api/gate.py.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse

from articles.api.schemas import Error

TITLES = {
    400: "Tham số không hợp lệ",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    429: "Quá nhiều yêu cầu",
}
DETAILS = {
    400: "Yêu cầu có tham số sai; xem danh sách lỗi từng tham số.",
    404: "Không có dữ liệu công khai ở địa chỉ này. Danh sách địa chỉ: /api/v1/docs/.",
    405: "API chỉ đọc: hãy dùng phương thức GET.",
    429: "Bạn đã gửi quá nhiều yêu cầu trong một phút; hãy thử lại sau số giây ghi trong Retry-After.",
}
# Documented on every operation (the rate limit answers any of them).
LIST_ERRORS: dict[int, Any] = {400: Error, 429: Error}
OBJECT_ERRORS: dict[int, Any] = {400: Error, 404: Error, 429: Error}


def error_body(status: int, *, detail: str | None = None, errors: list[dict[str, str]] | None = None) -> bytes:
    title = TITLES.get(status) or HTTPStatus(status).phrase
    body = {
        "status": status,
        "title": title,
        "detail": detail or DETAILS.get(status, title),
        "errors": errors or [],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def error_response(status: int, **kwargs: Any) -> HttpResponse:
    return HttpResponse(error_body(status, **kwargs), status=status, content_type="application/json")


def _message(error: dict[str, Any], parameter: str = "") -> str:
    """A pydantic error, said in Vietnamese."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "Thiếu tham số bắt buộc."
    if kind.startswith("int_"):
        return "Phải là một số nguyên."
    if kind == "greater_than_equal":
        return f"Phải lớn hơn hoặc bằng {context.get('ge')}."
    if kind == "less_than_equal":
        return f"Phải nhỏ hơn hoặc bằng {context.get('le')}."
    if kind == "string_too_long":
        return f"Dài tối đa {context.get('max_length')} ký tự."
    if kind == "string_pattern_mismatch" and parameter != "cursor":
        return "Không đúng dạng: chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang (giá trị `slug`)."
    if kind == "string_pattern_mismatch":
        return "Không đúng dạng; hãy dùng đúng giá trị `next_cursor` của trang trước."
    if kind.startswith("date_") or (kind == "value_error" and "day" in str(error.get("msg", ""))):
        return "Phải là một ngày có thật, dạng YYYY-MM-DD."
    if kind == "enum":
        return f"Phải là một trong các giá trị: {context.get('expected')}."
    return "Giá trị không hợp lệ."


def parameter_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    items = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "filters")]
        parameter = ".".join(location) or "?"
        items.append({"parameter": parameter, "message": _message(error, parameter)})
    return items
