"""The visitor's address behind load balancers, for login throttling (django-axes).

Behind a load balancer REMOTE_ADDR is the balancer's address for everybody, so throttling by
address would lock a user name out for the whole city. With TRUSTED_PROXY_COUNT=N (the number
of proxies in front of gunicorn that append to X-Forwarded-For), the client is the address the
outermost trusted proxy saw: the Nth entry from the right. Entries further left are whatever
the client sent and are never trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
