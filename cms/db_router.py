"""Read replica routing: public reads go to the replica when DATABASE_REPLICA_URL is set.

Everything that must see its own writes stays on the primary: writes, reads inside a
transaction, and every request to the admin or the uploader (an editor who saves an
article expects to see it on the next page, whatever the replica's lag).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse

from cms.csp import is_admin_path

REPLICA = "replica"
_pinned_to_primary: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned_to_primary", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if REPLICA not in connections.settings or _pinned_to_primary.get():
            return None
        if transaction.get_connection("default").in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model, **hints) -> str | None:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool | None:
        return db != REPLICA


class PrimaryForAdminMiddleware:
    """Pins admin and uploader requests, and every non-GET request, to the primary database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pinned = is_admin_path(request.path_info) or request.method not in ("GET", "HEAD", "OPTIONS")
        token = _pinned_to_primary.set(pinned)
        try:
            return self.get_response(request)
        finally:
            _pinned_to_primary.reset(token)


def pinned_to_primary() -> bool:
    return _pinned_to_primary.get()
