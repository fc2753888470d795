"""/healthz for load balancers and orchestrators: is the database usable, and is the cache?

The database is required: without it the answer is 503 and the instance should leave the load balancer. The
cache only accelerates: when it fails the site still answers (slower), so the answer is 200 with "degraded".
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_works() -> bool:
    # Every configured alias: a dead read replica takes the public site down as surely as the primary.
    try:
        for alias in connections:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                if cursor.fetchone() != (1,):
                    return False
    except DatabaseError:
        logger.exception("health check: database unusable")
        return False
    return True


def cache_works() -> bool:
    """A value stored is read back. The cache answers its own failures as misses (cms/cache.py)."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return found == value


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_works(), "cache": cache_works()}
    results = {name: "ok" if works else "error" for name, works in checks.items()}
    if not checks["database"]:
        return JsonResponse({"status": "error", "checks": results, "failing": ["database"]}, status=503)
    if not checks["cache"]:
        return JsonResponse({"status": "degraded", "checks": results, "failing": ["cache"]})
    return JsonResponse({"status": "ok", "checks": results})
