"""The baseline: a bare Django view that returns the article page's bytes from memory.

Settings and URLconf in one module (`DJANGO_SETTINGS_MODULE=bench.baseline`). It keeps the project's
settings and middleware, so the ratio of a page to it is the cost of our own views, queries and
templates; only the database and the cache are taken away. The bytes and their content type come from
the files named by BENCH_BASELINE_BODY and BENCH_BASELINE_CONTENT_TYPE (bench/run.py writes them).
"""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import re_path

from cms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline"
DATABASES = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# Without the page layers: the page cache and the stored article pages (both read a store the baseline has not).
MIDDLEWARE = [m for m in MIDDLEWARE if "cache" not in m.lower() and "StoredArticlePage" not in m]  # noqa: F405

BODY = Path(os.environ["BENCH_BASELINE_BODY"]).read_bytes() if os.environ.get("BENCH_BASELINE_BODY") else b""
CONTENT_TYPE = os.environ.get("BENCH_BASELINE_CONTENT_TYPE", "text/html; charset=utf-8")


def same_bytes(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type=CONTENT_TYPE)


urlpatterns = [re_path(r"", same_bytes)]
