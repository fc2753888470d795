"""The site under test: its environment, the benchmark database and its archive, the pages to measure."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import urllib.parse
from pathlib import Path

from bench.load import PYTHON, ROOT, log

DATA = ROOT / "bench" / ".data"
UNCACHED = "bench.settings_uncached"
SEARCH_WITH_MARKS = "dự án trọng điểm"
SEARCH_WITHOUT_MARKS = "du an trong diem"
DEEP_LIST_PAGE = 2000


def django_env(args: argparse.Namespace, static_root: Path) -> dict[str, str]:
    """The environment of every Django process of the run: production settings on the benchmark's database."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "0",
        "SECRET_KEY": args.secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "MEDIA_ROOT": str(DATA / "media"),
        "STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_LEVEL": "WARNING",
        # TLS ends at the load balancer in production; here the client speaks plain HTTP.
        "SECURE_SSL_REDIRECT": "0",
        # The production cache: the page cache's store in the cached runs, unused by the uncached ones.
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
    }


def ensure_database(database_url: str) -> None:
    parsed = urllib.parse.urlparse(database_url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg2  # type: ignore[import-untyped]

    name = parsed.path.lstrip("/")
    connection = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def django_script(env: dict[str, str], code: str, timeout: int = 600) -> str:
    """Run Python `code` with Django set up (fresh settings from env); return its stdout."""
    prelude = "import django, json, sys\ndjango.setup()\n"
    completed = subprocess.run(
        [PYTHON, "-c", prelude + code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if completed.returncode != 0:
        raise RuntimeError(f"Django script failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


def vacuum_analyze(database_url: str) -> None:
    """Clean up and refresh the planner's statistics, as autovacuum would on a production server (it may be off
    or behind on a benchmark machine): after a migration that rewrote every article, dead rows and old
    statistics made the uncached pages 2-4 x slower. Quick when nothing changed."""
    if not database_url.startswith("postgres"):
        return
    import psycopg2

    connection = psycopg2.connect(database_url)
    connection.autocommit = True  # VACUUM cannot run in a transaction
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_user_tables WHERE n_dead_tup > 1000 OR last_analyze IS NULL")
        if cursor.fetchone()[0]:
            log("VACUUM (ANALYZE)")
            cursor.execute("VACUUM (ANALYZE)")
    connection.close()


def ensure_archive(env: dict[str, str], *, database_url: str, articles: int, regenerate: bool = False) -> bool:
    """Migrate the database, then keep its archive when it holds `--articles` published articles (an archive
    generated under an older schema included: the migrations bring it up to date) or generate a new one.
    Returns whether it generated."""
    log("migrate")
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    count = int(
        django_script(
            env, "from articles.newsroom.models import Article\nprint(Article.objects.published().count())"
        ).strip()
    )
    if count == articles and not regenerate:
        log(f"archive present: {count} published articles (migrated, not regenerated)")
        from bench.generate_archive import write_pictures

        write_pictures(DATA / "media")  # the shared JPEG files, if this checkout has not got them yet
        vacuum_analyze(database_url)
        return False
    log(f"generating {articles} articles (found {count})")
    subprocess.run(
        [PYTHON, "bench/generate_archive.py", "--articles", str(articles), "--reset"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=3600,
    )
    return True


# Pages: a list of {key, name, url}, found on the benchmark's database.
PAGE_LOOKUP = r"""
import urllib.parse
from django.db.models import Count
from django.urls import reverse
from articles.newsroom.models import Article
from articles.public.views import PAGE_SIZE

published = Article.objects.published()
article = (
    published.exclude(cover="").filter(body__contains="<figure", officials__isnull=False, programmes__isnull=False)
    .order_by("-published_at").first()
) or published.first()
latest = reverse("public:latest")
deepest = published.count() // PAGE_SIZE
pages = [("latest", "latest list page 1", latest)]
deep = min(%(deep)d, deepest)
if deep > 1:
    pages.append(("latest_deep", f"latest list page {deep}", f"{latest}?page={deep}"))
pages.append(("article", "article", article.get_absolute_url()))
pages.append(("front", "front page", reverse("public:home")))
searches = [("search_marks", "search, diacritics", %(marks)r), ("search_plain", "search, no diacritics", %(plain)r)]
for key, name, q in searches:
    pages.append((key, name, reverse("search:results") + "?" + urllib.parse.urlencode({"q": q})))
pages += [("rss", "RSS feed", reverse("public:feed_rss")), ("sitemap", "sitemap index", reverse("sitemap_index"))]
for key, model, link in [("agency", "agency", "agency"), ("official", "official", "officials"),
                         ("programme", "programme", "programmes")]:
    busiest = published.exclude(**{link: None}).values(link).annotate(n=Count("id")).order_by("-n").first()
    obj = getattr(Article, link).field.related_model.objects.get(pk=busiest[link])
    pages.append((key, f"{model} page 1", obj.get_absolute_url()))
    deep = busiest["n"] // PAGE_SIZE
    if deep > 1:
        pages.append((f"{key}_deep", f"{model} page {deep}", f"{obj.get_absolute_url()}?page={deep}"))
print(json.dumps([{"key": k, "name": n, "url": u} for k, n, u in pages]))
"""


def discover_pages(env: dict[str, str]) -> list[dict[str, str]]:
    code = PAGE_LOOKUP % {"deep": DEEP_LIST_PAGE, "marks": SEARCH_WITH_MARKS, "plain": SEARCH_WITHOUT_MARKS}
    return json.loads(django_script(env, code).strip().splitlines()[-1])


def count_queries(env: dict[str, str], paths: list[str]) -> dict[str, int]:
    """SQL queries of each page rendered (no page cache), through Django's test client; the second request."""
    code = f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {{}}
for path in {paths!r}:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    counts[path] = len(queries)
print(json.dumps(counts))
"""
    return json.loads(django_script({**env, "DJANGO_SETTINGS_MODULE": UNCACHED}, code).strip().splitlines()[-1])
