"""Benchmark: a deep list page and a search on a large newsroom (not a test; prints timings).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_bench \\
        SECRET_KEY=x ALLOWED_HOSTS=testserver .venv/bin/python bench/citizen_pages.py --articles 100000 --page 2000

It creates a throwaway test database (test_<name>), fills it with bulk inserts, times anonymous
requests with an empty page cache, and drops the database again.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

# Serve static names as they are (no collectstatic manifest needed for a benchmark).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

WORDS = [
    "dự",
    "án",
    "trọng",
    "điểm",
    "giao",
    "thông",
    "đô",
    "thị",
    "quy",
    "hoạch",
    "Thành",
    "ủy",
    "Hà",
    "Nội",
    "kinh",
    "tế",
    "xã",
    "hội",
    "văn",
    "hóa",
    "giáo",
    "dục",
    "y",
    "tế",
    "nông",
    "nghiệp",
    "môi",
    "trường",
    "đầu",
    "tư",
    "công",
    "giải",
    "ngân",
    "chuyển",
    "đổi",
    "số",
    "cải",
    "cách",
    "hành",
    "chính",
    "an",
    "ninh",
    "trật",
    "tự",
]


def seed(n: int, search_rows: int) -> None:
    from articles.newsroom.models import Agency, Article
    from articles.newsroom.search_columns import body_text, folded_document, update_vectors

    agency = Agency.objects.create(name="Sở Kế hoạch và Đầu tư")
    start = timezone.now() - datetime.timedelta(days=3650)
    batch = []
    for i in range(n):
        words = [WORDS[(i * 7 + k * 5) % len(WORDS)] for k in range(40)]
        title = " ".join(words[:10]) + f" {i}"
        body = "<p>" + " ".join(words) + "</p>"
        text = body_text(body)
        batch.append(
            Article(
                title=title,
                slug=f"bai-{i}",
                lead=" ".join(words[10:30]),
                body=body,
                body_text=text,
                search_folded=folded_document(title, " ".join(words[10:30]), text),
                status=Article.Status.PUBLISHED,
                published_at=start + datetime.timedelta(minutes=50 * i),
                agency=agency,
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch.clear()
    Article.objects.bulk_create(batch)
    if search_rows:
        rows = Article.objects.order_by("-id").values_list("pk", "title", "lead", "body_text")[:search_rows]
        update_vectors(list(rows))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load (GIN pending list, visibility map, statistics).
            cursor.execute("VACUUM ANALYZE articles_article")


def timed(client: Client, url: str, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        cache.clear()
        t0 = time.perf_counter()
        response = client.get(url)
        runs.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--page", type=int, default=2000)
    parser.add_argument("--search-rows", type=int, default=20_000, help="articles given search vectors (PostgreSQL)")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        seed(args.articles, args.search_rows)
        print(f"seeded {args.articles} articles on {connection.vendor} in {time.perf_counter() - t0:.1f}s")
        client = Client()
        for label, url in [
            ("front page", "/"),
            ("latest list page 1", "/tin-moi/"),
            (f"latest list page {args.page}", f"/tin-moi/?page={args.page}"),
            ("search 'du an trong diem'", "/tim-kiem/?q=du+an+trong+diem"),
            ("search 'chuyển đổi số'", "/tim-kiem/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"),
        ]:
            print(f"{label:32} median {timed(client, url):8.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
