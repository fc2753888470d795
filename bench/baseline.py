"""The baseline: a bare Django view that returns the article page's bytes from memory.

Settings and URLconf in one module (`DJANGO_SETTINGS_MODULE=bench.baseline`). It keeps the project's settings and
middleware but the page cache's, so the ratio of a page to it is the cost of our own views, queries and templates
(or, for a cached page, of the page cache); the database and the cache are taken away. The bytes and their content
type come from the file named by BENCH_BASELINE_BODY and from BENCH_BASELINE_CONTENT_TYPE (bench/run.py sets them).
"""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import re_path

from bench.settings_uncached import *  # noqa: F403

ROOT_URLCONF = "bench.baseline"
DATABASES = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

BODY = Path(os.environ["BENCH_BASELINE_BODY"]).read_bytes() if os.environ.get("BENCH_BASELINE_BODY") else b""
CONTENT_TYPE = os.environ.get("BENCH_BASELINE_CONTENT_TYPE", "text/html; charset=utf-8")


def same_bytes(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type=CONTENT_TYPE)


urlpatterns = [re_path(r"", same_bytes)]
