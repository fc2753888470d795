"""Content Security Policy: strict on the public site, relaxed for the admin's CKEditor 4."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ScopedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with CSP_RELAXED_DIRECTIVES on the admin paths (ADMIN_PATH_PREFIXES).

    CKEditor 4 cannot run under the public policy (inline scripts, eval), and a per-view
    decorator cannot reach the admin's many views, so the relaxation is chosen by path.
    A view's own @csp_replace still wins.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.replace is None and is_admin_path(request.path_info):
            parts.replace = settings.CSP_RELAXED_DIRECTIVES
        return parts


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.ADMIN_PATH_PREFIXES))
