"""The documentation page: the live OpenAPI schema, read into a page of the site (our template, our stylesheet,
no script, no CDN: it passes the site's CSP as any page does)."""

from __future__ import annotations

import functools
import re
from typing import Any

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from articles.api.api import VERSION, api

METHODS = ("get", "post", "put", "patch", "delete")


@functools.cache
def schema() -> dict[str, Any]:
    """The schema does not change while the code does not: built once a process."""
    return dict(api.get_openapi_schema())


def _code(text: str) -> str:
    """The schema's descriptions mark names with `backticks`: shown as code, everything else escaped."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))  # escaped first


def _type(spec: dict[str, Any]) -> str:
    if "anyOf" in spec:
        return " hoặc ".join(_type(part) for part in spec["anyOf"] if part.get("type") != "null")
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return _type(schema().get("components", {}).get("schemas", {}).get(name, {})) or name
    if "enum" in spec:
        return " | ".join(str(value) for value in spec["enum"])
    kind = spec.get("type", "")
    return f"{kind} ({spec['format']})" if "format" in spec else kind


def _limits(spec: dict[str, Any]) -> str:
    parts = []
    for part in [spec, *spec.get("anyOf", [])]:
        for key, label in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "độ dài ≤"), ("pattern", "dạng")):
            if key in part:
                parts.append(f"{label} {part[key]}")
    return ", ".join(parts)


def operations() -> list[dict[str, Any]]:
    result = []
    for path, item in schema()["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [
                {
                    "name": parameter["name"],
                    "where": "đường dẫn" if parameter["in"] == "path" else "tham số truy vấn",
                    "required": parameter.get("required", False),
                    "type": _type(parameter.get("schema", {})),
                    "limits": _limits(parameter.get("schema", {})),
                    "description": _code(
                        parameter.get("description") or parameter.get("schema", {}).get("description", "")
                    ),
                }
                for parameter in operation.get("parameters", [])
            ]
            result.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation["operationId"],
                    "summary": operation.get("summary", ""),
                    "description": _code(operation.get("description", "")),
                    "parameters": parameters,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return result


class DocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            operations=operations(),
            version=VERSION,
            rate_limit=settings.API_RATE_LIMIT_PER_MINUTE,
            **kwargs,
        )
