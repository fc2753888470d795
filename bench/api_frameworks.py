"""Which API library: the same article list under Django REST framework and under django-ninja.

    .venv/bin/python bench/api_frameworks.py [--articles 500] [--requests 2000] [--rounds 5]

Settings and URLconf in one module, like bench/baseline.py: the project's settings and middleware without the page
cache, a throwaway SQLite database (migrated, then filled with `--articles` published articles), and two views of
the same list: 20 articles of an agency (query parameters validated by the library), each with its agency nested,
ISO 8601 dates; the same queryset for both. Each round times `--requests` requests through Django's test client
(the whole middleware stack, no sockets) for one library then the other, and reports the process CPU time per
request and the requests/s of that single process; the figures are the medians of the rounds. Nothing here is used
by the site; it is how the choice in docs/api.md was measured.
"""

# No `from __future__ import annotations`: pydantic must see the view functions' annotations as objects.

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.api_frameworks"
# Run as a script, this file is imported once more as the settings module: both copies must name one database.
os.environ.setdefault("API_FRAMEWORKS_DB", str(Path(tempfile.mkdtemp(prefix="api-frameworks-")) / "db.sqlite3"))
_DB = Path(os.environ["API_FRAMEWORKS_DB"])

from cms.settings import *  # noqa: E402, F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(_DB)}}
DATABASE_ROUTERS: list[str] = []
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MIDDLEWARE = [m for m in MIDDLEWARE if "pagecache" not in m]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework", "ninja"]  # noqa: F405
ROOT_URLCONF = "bench.api_frameworks"
SECURE_SSL_REDIRECT = False
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
PAGE = 20


def _articles(agency: str | None, limit: int):
    from articles.newsroom.models import Article

    articles = Article.objects.published().select_related("agency")
    if agency:
        articles = articles.filter(agency__slug=agency)
    return articles.only(
        "title", "slug", "lead", "published_at", "updated_at", "agency__name", "agency__slug"
    ).order_by("-published_at", "-id")[:limit]


def _urlpatterns() -> list:
    import json
    from typing import Annotated

    from django.urls import path
    from django.utils import timezone
    from ninja import NinjaAPI, Query
    from ninja import Schema as NinjaSchema
    from ninja.renderers import JSONRenderer
    from pydantic import Field, PlainSerializer
    from rest_framework import serializers
    from rest_framework.generics import ListAPIView

    # What DRF does by default, done here too: times in Hanoi (+07:00) and UTF-8 text, not \\u escapes.
    HanoiTime = Annotated[datetime.datetime, PlainSerializer(lambda value: timezone.localtime(value).isoformat())]

    class Utf8Renderer(JSONRenderer):
        def render(self, request, data, *, response_status):
            return json.dumps(data, cls=self.encoder_class, ensure_ascii=False, separators=(",", ":"))

    class AgencyRefOut(NinjaSchema):
        id: int
        slug: str
        name: str

    class ArticleOut(NinjaSchema):
        id: int
        slug: str
        title: str
        lead: str
        published_at: HanoiTime
        updated_at: HanoiTime
        agency: AgencyRefOut

    class ListOut(NinjaSchema):
        items: list[ArticleOut]

    class Filters(NinjaSchema):
        agency: str | None = Field(None, max_length=200)
        limit: int = Field(PAGE, ge=1, le=100)

    ninja_api = NinjaAPI(urls_namespace="bench-ninja", renderer=Utf8Renderer())

    @ninja_api.get("/articles/", response=ListOut)
    def ninja_list(request, filters: Query[Filters]):
        return {"items": list(_articles(filters.agency, filters.limit))}

    class AgencyRefSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        slug = serializers.CharField()
        name = serializers.CharField()

    class ArticleSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        slug = serializers.CharField()
        title = serializers.CharField()
        lead = serializers.CharField()
        published_at = serializers.DateTimeField()
        updated_at = serializers.DateTimeField()
        agency = AgencyRefSerializer()

    class FilterSerializer(serializers.Serializer):
        agency = serializers.CharField(required=False, max_length=200)
        limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=PAGE)

    class DrfList(ListAPIView):
        serializer_class = ArticleSerializer

        def list(self, request, *args, **kwargs):
            from rest_framework.response import Response

            filters = FilterSerializer(data=request.query_params)
            filters.is_valid(raise_exception=True)
            items = list(_articles(filters.validated_data.get("agency"), filters.validated_data["limit"]))
            return Response({"items": ArticleSerializer(items, many=True).data})

    return [path("ninja/", ninja_api.urls), path("drf/articles/", DrfList.as_view())]


def __getattr__(name: str):
    # The URLconf is built on first use, once Django is set up (the views import models and the libraries).
    if name == "urlpatterns":
        patterns = _urlpatterns()
        globals()["urlpatterns"] = patterns
        return patterns
    raise AttributeError(name)


def _fill(count: int) -> str:
    from django.core.management import call_command
    from django.utils import timezone

    from articles.newsroom.models import Agency, Article

    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(name="Sở Kế hoạch và Đầu tư")
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Đẩy nhanh tiến độ giải ngân vốn đầu tư công số {i}",
            slug=f"bai-{i}",
            lead="Thành phố Hà Nội yêu cầu các sở, ngành tập trung tháo gỡ vướng mắc về mặt bằng. " * 2,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=i + 1),
            agency=agency,
        )
        for i in range(count)
    )
    return agency.slug


def _time(client, url: str, requests: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.content[:300]!r}")
    return (time.process_time() - cpu) * 1000 / requests, requests / (time.perf_counter() - wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    slug = _fill(args.articles)
    client = Client()
    urls = {"django-ninja": f"/ninja/articles/?agency={slug}", "DRF": f"/drf/articles/?agency={slug}"}
    first = {name: client.get(url).content for name, url in urls.items()}
    if first["django-ninja"] != first["DRF"]:
        raise SystemExit("the two views do not answer the same")
    for url in urls.values():
        _time(client, url, 200)  # warm up
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in urls}
    for _ in range(args.rounds):
        for name, url in urls.items():
            figures[name].append(_time(client, url, args.requests))
    load = os.getloadavg()
    print(f"{args.articles} articles, 20 a page, {args.rounds} rounds of {args.requests} requests, SQLite, one process")
    print(f"load average at the end (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for name, runs in figures.items():
        cpu = statistics.median(run[0] for run in runs)
        rps = statistics.median(run[1] for run in runs)
        print(f"{name:>13}: {cpu:.3f} ms CPU a request, {rps:.0f} requests/s (medians; CPU ms of the rounds: "
              + ", ".join(f"{run[0]:.3f}" for run in runs) + ")")  # fmt: skip
    _DB.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
