"""Benchmark: export_articles and restore_articles on a generated newsroom.

    .venv/bin/python bench/archive.py --articles 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_bench .venv/bin/python bench/archive.py

Uses (and empties) the database named by DATABASE_URL; without it, a temporary SQLite file.
Prints the time, the number of queries and the archive size for the export and the restore, and
checks that a second export gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("DEBUG", "0")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.backup.archive import export_archive  # noqa: E402
from articles.backup.restore import restore_archive  # noqa: E402
from articles.newsroom.models import Agency, Appointment, Article, Official, Programme  # noqa: E402


def empty() -> None:
    Article.objects.all().delete()
    Programme.objects.all().delete()
    Appointment.objects.all().delete()
    Official.objects.all().delete()
    Agency.objects.update(parent=None, superseded_by=None)
    Agency.objects.all().delete()


def generate(count: int) -> None:
    agencies = Agency.objects.bulk_create([Agency(name=f"Sở số {i}", slug=f"so-so-{i}") for i in range(40)])
    officials = Official.objects.bulk_create(
        [Official(full_name=f"Nguyễn Văn {i}", slug=f"nguyen-van-{i}") for i in range(200)]
    )
    Appointment.objects.bulk_create(
        [
            Appointment(official=o, agency=agencies[i % 40], title="Giám đốc Sở", start_date=datetime.date(2015, 1, 1))
            for i, o in enumerate(officials)
        ]
    )
    programmes = Programme.objects.bulk_create(
        [Programme(code=f"{i:02d}-CTr/TU", slug=f"{i:02d}-ctr-tu", title=f"Chương trình {i}") for i in range(1, 11)]
    )
    start = timezone.now() - datetime.timedelta(days=count)
    body = "<p>" + "Nội dung bài viết về phát triển kinh tế – xã hội của Thủ đô. " * 40 + "</p>"
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"Bài viết số {i}",
                slug=f"bai-viet-so-{i}",
                lead="Sapo của bài viết.",
                body=body,
                agency=agencies[i % 40],
                published_at=start + datetime.timedelta(days=i),
                status=Article.Status.PUBLISHED,
                legacy_id=str(100000 + i),
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    Through = Article.officials.through
    Through.objects.bulk_create(
        [Through(article=a, official=officials[i % 200]) for i, a in enumerate(articles)], batch_size=2000
    )
    ThroughP = Article.programmes.through
    ThroughP.objects.bulk_create(
        [ThroughP(article=a, programme=programmes[i % 10]) for i, a in enumerate(articles)], batch_size=2000
    )
    ThroughR = Article.related.through
    ThroughR.objects.bulk_create(
        [ThroughR(from_article=a, to_article=articles[i - 1]) for i, a in enumerate(articles) if i], batch_size=2000
    )


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measured(label: str, count: int, action):
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = action()
    elapsed = time.perf_counter() - started
    size = f", {len(result.encode()) / 1e6:.1f} MB" if isinstance(result, str) else ""
    print(f"{label:13} {count} articles: {elapsed:6.2f} s, {counter.count} queries{size}")
    return result


def export_text() -> str:
    buffer = io.StringIO()
    export_archive(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    count = parser.parse_args().articles
    call_command("migrate", verbosity=0)
    empty()
    generate(count)

    first = measured("export", count, export_text)
    empty()
    measured("restore", count, lambda: restore_archive(io.StringIO(first)))
    again = measured("export again", count, export_text)
    print("byte-identical:", again == first)
    print(f"database: {connection.vendor}")


if __name__ == "__main__":
    main()
