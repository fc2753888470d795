"""Benchmark: the documents register's list and number search at 20 000 documents (not a test; prints timings).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_bench \\
        SECRET_KEY=x ALLOWED_HOSTS=testserver .venv/bin/python bench/documents.py --documents 20000

It creates a throwaway test database (test_<name>), fills it with bulk inserts (numbers of every family, several
years and issuers, relations that change validity), times anonymous requests with an empty page cache (median of
`--repeat` runs, and the queries each page ran), and drops the database again. Also times the PDF checks and the
first-page rendering of one upload.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.cache import cache  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

WORDS = ["phê duyệt", "kế hoạch", "quy hoạch", "giao thông", "đất đai", "chuyển đổi số", "y tế", "giáo dục", "đầu tư",
         "xây dựng", "môi trường", "dự án trọng điểm", "cải cách hành chính", "an toàn thực phẩm"]  # fmt: skip


def seed(n: int) -> None:
    from articles.documents.models import Document, DocumentRelation, DocumentType
    from articles.documents.validity import RelationKind
    from articles.newsroom.models import Agency

    rng = random.Random(42)
    issuers = [("UBND", "UBND Thành phố Hà Nội"), ("TU", "Thành ủy Hà Nội"), ("HĐND", "HĐND Thành phố Hà Nội")]
    issuers += [(f"S{code}", f"Sở {code}") for code in ("KHĐT", "GTVT", "TTTT", "XD", "YT", "GDĐT", "TC", "NV")]
    agencies = {
        symbol: Agency.objects.create(name=name, slug=f"co-quan-{i}") for i, (symbol, name) in enumerate(issuers)
    }
    types = [t for t in DocumentType.objects.all() if t.symbol]
    now = timezone.now()
    batch: list[Document] = []
    for i in range(n):
        kind = rng.choice(types)
        symbol = "TU" if kind.symbol == "CTr" else rng.choice(list(agencies))
        year = rng.randint(2010, 2025)
        number = rng.randint(1, 3000)
        printed = (
            f"{number:02d}-{kind.symbol}/{symbol}" if symbol == "TU"
            else f"{number}/{year}/{kind.symbol}-{symbol}" if kind.schema_type == "Legislation" and rng.random() < 0.3
            else f"{number}/{kind.symbol}-{symbol}"
        )  # fmt: skip
        issued = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        document = Document(
            document_type=kind,
            number=printed,
            summary=f"Về việc {rng.choice(WORDS)} và {rng.choice(WORDS)} năm {year} (văn bản {i})",
            agency=agencies[symbol],
            issued_on=issued,
            effective_on=issued + datetime.timedelta(days=rng.choice([0, 0, 10, 45])),
            expires_on=issued + datetime.timedelta(days=3650) if rng.random() < 0.2 else None,
            status=Document.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=i),
            slug=f"van-ban-{i}",
        )
        document.derive()
        batch.append(document)
        if len(batch) == 2000:
            Document.objects.bulk_create(batch, ignore_conflicts=True)
            batch.clear()
    Document.objects.bulk_create(batch, ignore_conflicts=True)
    # A known programme, several documents numbered 1234/QĐ-UBND over the years, and relations that change validity.
    Document.objects.filter(pk=Document.objects.order_by("pk").values("pk")[:1]).update(
        number="06-CTr/TU", number_key="6:ctr:tu", number_value=6, type_key="ctr", issuer_key="tu"
    )
    ids = list(Document.objects.values_list("pk", flat=True))
    kinds = [RelationKind.REPLACES, RelationKind.AMENDS, RelationKind.IMPLEMENTS, RelationKind.GUIDES]
    relations = {(rng.choice(ids), rng.choice(ids), rng.choice(kinds)) for _ in range(n // 4)}
    DocumentRelation.objects.bulk_create(
        [DocumentRelation(source_id=s, target_id=t, kind=k) for s, t, k in relations if s != t], ignore_conflicts=True
    )
    # Statistics for the planner (PostgreSQL's autovacuum gathers them; on SQLite, without them, the validity
    # subqueries are planned from the wrong side: 1.6 s instead of 10 ms for a list page here).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client: Client, url: str, repeat: int) -> tuple[float, int]:
    runs = []
    queries = 0
    for _ in range(repeat):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.get(url)
            runs.append(time.perf_counter() - t0)
        queries = len(captured)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(runs) * 1000, queries


def file_checks() -> None:
    from pypdf import PdfWriter

    from articles.documents import files

    writer = PdfWriter()
    for _ in range(40):
        writer.add_blank_page(595, 842)
    import io

    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    t0 = time.perf_counter()
    files.check_document_file(SimpleUploadedFile("bench.pdf", data))
    checked = time.perf_counter() - t0
    t0 = time.perf_counter()
    png = files.render_first_page(data)
    rendered = time.perf_counter() - t0
    print(f"{'check a 40-page PDF (pypdf)':44} {checked * 1000:8.1f} ms")
    print(f"{'render its first page (pypdfium2, 640 px)':44} {rendered * 1000:8.1f} ms ({len(png or b'')} bytes PNG)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    setup_test_environment()
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = False  # plain HTTP to the test client
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        seed(args.documents)
        print(f"seeded {args.documents} documents on {connection.vendor} in {time.perf_counter() - t0:.1f}s")
        client = Client()
        for label, url in [
            ("list, page 1", "/van-ban/"),
            ("list, page 500", "/van-ban/?page=500"),
            ("list, type + year + validity", "/van-ban/?loai=quyet-dinh&nam=2020&hieu_luc=con-hieu-luc"),
            ("number '06 ctr tu'", "/van-ban/?q=06+ctr+tu"),
            ("number 'QĐ 1234'", "/van-ban/?q=Q%C4%90+1234"),
            ("number '1234/qd-ubnd'", "/van-ban/?q=1234%2Fqd-ubnd"),
            ("words 'quy hoach giao thong'", "/van-ban/?q=quy+hoach+giao+thong"),
            ("site search 'ctr 06'", "/tim-kiem/?q=ctr+06"),
        ]:
            median, queries = timed(client, url, args.repeat)
            print(f"{label:44} median {median:8.1f} ms, {queries} queries")
        file_checks()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
