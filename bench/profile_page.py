"""Profile one public page on the benchmark database: where the time goes, and its SQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_perf_bench \
        .venv/bin/python bench/profile_page.py /bai-viet/some-slug/ [--requests 50] [--sql]

Serves the page through Django's test client with the benchmark's uncached settings (production without the page
cache, DEBUG off; bench/settings_uncached.py) under pyinstrument, after a few warm-up requests, and prints the call
tree, the mean time per request and, with --sql, each query with its time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--sql", action="store_true", help="print the queries of one request with their times")
    parser.add_argument("--settings", default="bench.settings_uncached")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # TLS ends in front of the site
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "bench" / ".data" / "media"))
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "bench" / ".data" / "static"))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toasoan_perf_bench"
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    call_command("collectstatic", interactive=False, verbosity=0)  # incremental; the manifest must exist
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(5):
        response = client.get(args.path)
    print(f"HTTP {response.status_code}, {len(response.content)} bytes")

    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    print(f"{len(queries)} queries")
    if args.sql:
        for query in queries.captured_queries:
            print(f"  {float(query['time']) * 1000:7.2f} ms  {query['sql'][:400]}")

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.requests):
            client.get(args.path)
    elapsed = time.perf_counter() - started
    print(f"{elapsed / args.requests * 1000:.2f} ms per request (test client, profiled)")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
