"""Benchmark: the editors' admin on a large newsroom, one user at a time (not a test; prints timings).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_desk_bench \\
        .venv/bin/python bench/generate_archive.py --articles 100000           # once: 100 000 articles
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_desk_bench \\
        .venv/bin/python bench/admin.py [--runs 40] [--json bench/results/admin.json]

Target (issue 18): the article list with any filter, the change page and the related-article autocomplete each
answer in under 300 ms at the 95th percentile for one user, with 100 000 articles. Requests go through the whole
middleware stack (session, authentication, CSRF, messages) with Django's test client, DEBUG off, as two kinds of
user: a site administrator (every agency: the largest lists) and an approver of one agency.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.SECURE_SSL_REDIRECT = False

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

TARGET_MS = 300.0


def users():
    from django.contrib.auth.models import Group

    from articles.newsroom.models import Agency, EditorMembership

    User = django.contrib.auth.get_user_model()  # type: ignore[attr-defined]
    site_admin, _ = User.objects.get_or_create(username="bench-quantri", defaults={"is_staff": True})
    site_admin.groups.set(Group.objects.filter(name="Quản trị trang"))
    approver, _ = User.objects.get_or_create(username="bench-duyet", defaults={"is_staff": True})
    approver.groups.set(Group.objects.filter(name__in=["Người duyệt", "Biên tập viên"]))
    busiest = Agency.objects.annotate(n=django.db.models.Count("articles")).order_by("-n").first()
    EditorMembership.objects.get_or_create(user=approver, agency=busiest)
    return {"quản trị trang": site_admin, "người duyệt một cơ quan": approver}, busiest


def pages(agency) -> list[tuple[str, str]]:
    from articles.newsroom.models import Article, Programme

    changelist = reverse("admin:articles_article_changelist")
    linked = (
        Article.objects.published()
        .filter(agency=agency)
        .annotate(links=django.db.models.Count("related"))
        .order_by("-links", "-published_at")
        .first()
    )
    draft = Article.objects.filter(status=Article.Status.DRAFT, agency=agency).first() or linked
    programme = Programme.objects.annotate(n=django.db.models.Count("articles")).order_by("-n").first()
    autocomplete = reverse("admin:autocomplete")

    def related(term: str, page: int = 1) -> str:
        query = {"app_label": "articles", "model_name": "article", "field_name": "related", "term": term}
        return autocomplete + "?" + urlencode({**query, **({"page": page} if page > 1 else {})})

    return [
        ("list", changelist),
        ("list: trạng thái", changelist + "?status__exact=published"),
        ("list: chờ duyệt", changelist + "?status__exact=submitted"),
        ("list: cơ quan", changelist + f"?co_quan={agency.pk}"),
        ("list: chương trình", changelist + f"?chuong_trinh={programme.pk}"),
        ("list: năm", changelist + "?nam=2019"),
        ("list: tháng", changelist + "?nam=2019&thang=6"),
        ("list: cơ quan + năm + trạng thái", changelist + f"?co_quan={agency.pk}&nam=2019&status__exact=published"),
        ("list: tìm 'hoàng thành thăng long'", changelist + "?" + urlencode({"q": "hoàng thành thăng long"})),
        ("list: tìm 'dự án'", changelist + "?" + urlencode({"q": "dự án"})),
        ("list: tìm + lọc", changelist + "?" + urlencode({"q": "giao thông", "status__exact": "published"})),
        ("list: trang 300", changelist + "?p=300"),
        ("list: tìm, trang 10", changelist + "?" + urlencode({"q": "giao thông", "p": 10})),
        ("list: sắp theo ngày, cũ trước", changelist + "?o=4"),
        ("change: đã đăng, nhiều liên kết", reverse("admin:articles_article_change", args=[linked.pk])),
        ("change: bản nháp", reverse("admin:articles_article_change", args=[draft.pk])),
        ("related: 'dự án'", related("dự án")),
        ("related: 'ha noi' trang 2", related("ha noi", 2)),
        ("related: 'hạ tầng giao thông'", related("hạ tầng giao thông")),
    ]


def measure(client: Client, url: str, runs: int) -> list[float]:
    for _ in range(3):  # warm: connections, templates, per-process caches
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    from articles.newsroom.models import Article

    total = Article.objects.count()
    print(f"{total} articles on {connection.vendor}; {args.runs} requests per page after 3 warm-up requests")
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())} on {os.cpu_count()} cores")
    who, agency = users()
    results = []
    worst = 0.0
    for label, user in who.items():
        client = Client()
        client.force_login(user)
        for name, url in pages(agency):
            timings = measure(client, url, args.runs)
            row = {
                "user": label,
                "page": name,
                "url": url,
                "median_ms": statistics.median(timings),
                "p95_ms": p95(timings),
            }
            results.append(row)
            worst = max(worst, row["p95_ms"])
            flag = "" if row["p95_ms"] < TARGET_MS else "  > 300 ms"
            print(f"{label:24} {name:34} median {row['median_ms']:7.1f} ms   p95 {row['p95_ms']:7.1f} ms{flag}")
    print(f"worst p95: {worst:.1f} ms (target: under {TARGET_MS:.0f} ms)")
    print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())} (a shared machine inflates p95)")
    if args.json:
        args.json.write_text(
            json.dumps({"articles": total, "runs": args.runs, "results": results}, ensure_ascii=False, indent=2)
        )
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
