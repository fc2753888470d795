"""Benchmark of the open data API on the generated archive (not a test; prints figures).

    .venv/bin/python bench/api.py [--database-url postgres://postgres@127.0.0.1:5432/toasoan_perf_bench]

1. Reads the archive that bench/run.py generates (bench/generate_archive.py) in `--database-url`: it only reads,
   never migrates nor regenerates (other engineers share that database; migrate a copy of your own if the code
   needs a newer schema); it says how many public articles it has.
2. **One user, uncached**: gunicorn with bench/settings_uncached.py (the production settings without the page
   cache, so every request runs the view) and wrk with one connection on the article list with each filter, a
   search with and without marks, and page 5 000 reached by its cursor: p50/p95/p99 for each (target: p95 < 50 ms),
   and the CPU time a request of the gunicorn processes and the PostgreSQL backends (what a request costs whatever
   else the machine is doing); the site's search page with the same query, for comparison.
3. **Cached answers against the baseline**: gunicorn with the production settings and Redis (db `--redis-db`,
   flushed first), the rate limit on (at a limit no run reaches, so its counting is paid as in production), and
   bench/baseline.py serving the same JSON bytes from memory; `--rounds` rounds of wrk on each, alternating (as
   bench/run.py pairs pages with the baseline), and the same with the rate limit off (what counting costs). Besides
   requests/s, the CPU time a request of each server's gunicorn processes, which depends less on what else the
   shared machine is doing. Target: cached ≥ 0.8 × the baseline's requests/s.
Prints the load average before and after: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load import PYTHON, ROOT, Server, combined, fetch, flush_redis, log, measured_wrk, wrk
from bench.run import BASELINE_PATH, DEFAULT_DATABASE_URL
from bench.site import UNCACHED, django_env, django_script

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (those gone meanwhile count as 0)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def server_pids(server: Server) -> list[int]:
    """gunicorn's master and workers (the server's process group)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == server.process.pid:
                    pids.append(int(entry.name))
            except (ProcessLookupError, PermissionError):
                continue
    return pids


def postgres_backends(database: str) -> list[int]:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
         f"select pid from pg_stat_activity where datname = '{database}' and pid <> pg_backend_pid()", database],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [int(line) for line in out.split()]


TARGETS = r"""
import datetime
from django.db.models import Count
from articles.api.pagination import article_cursor
from articles.newsroom.models import Agency, Article, Official, Programme
public = Article.objects.published()
agency = Agency.objects.annotate(n=Count("articles")).order_by("-n").values_list("pk", flat=True).first()
official = Official.objects.annotate(n=Count("articles")).order_by("-n").values_list("pk", flat=True).first()
programme = Programme.objects.annotate(n=Count("articles")).order_by("-n").values_list("pk", flat=True).first()
deep = public.order_by("-published_at", "-id").values_list("published_at", "pk")[20 * 4999 - 1 : 20 * 4999]
newest = public.order_by("-published_at").values_list("published_at", flat=True).first()
print(json.dumps({
    "public": public.count(),
    "agency": agency, "official": official, "programme": programme,
    "deep_cursor": article_cursor(*deep[0]) if deep else None,
    "year": newest.year - 1,
}))
"""


def paths(targets: dict) -> dict[str, str]:
    base = "/api/v1/articles/?"
    year = targets["year"]
    found = {
        "page 1": base + "limit=20",
        "agency": base + urlencode({"agency": targets["agency"]}),
        "official": base + urlencode({"official": targets["official"]}),
        "programme": base + urlencode({"programme": targets["programme"]}),
        "dates": base + urlencode({"date_from": f"{year}-03-01", "date_to": f"{year}-03-31"}),
        "all filters": base
        + urlencode({"agency": targets["agency"], "official": targets["official"], "date_from": f"{year - 3}-01-01"}),
        "q with marks": base + urlencode({"q": "dự án trọng điểm"}),
        "q without marks": base + urlencode({"q": "du an trong diem"}),
        "q + agency, newest": base + urlencode({"q": "giải ngân", "agency": targets["agency"], "ordering": "newest"}),
    }
    if targets["deep_cursor"]:
        found["page 5000 (cursor)"] = base + urlencode({"cursor": targets["deep_cursor"]})
    # The site's own search page with the same query: the API's `q` costs what the search costs.
    found["site search page, marks"] = "/tim-kiem/?" + urlencode({"q": "dự án trọng điểm"})
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo API dữ liệu mở trên kho bài mẫu (xem docs/api.md).")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--duration", type=int, default=4, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis-db", type=int, default=5)
    args = parser.parse_args(argv)
    args.secret_key = secrets.token_urlsafe(32)
    log(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results: dict = {"load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp_name:
        tmp = Path(tmp_name)
        env = django_env(args, tmp / "static")
        # No run may hit the limit, but the limit is counted as in production (a Redis round trip a request).
        env["API_RATE_LIMIT_PER_MINUTE"] = "1000000000"
        # The site's search page (the comparison below) names its static files from the manifest.
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        targets = json.loads(django_script(env, TARGETS))
        log(f"archive: {targets['public']} public articles in {args.database_url.rsplit('/', 1)[-1]}")
        results["targets"] = targets
        urls = paths(targets)
        database = args.database_url.rsplit("/", 1)[-1]

        results["one_user_uncached"] = {}
        with Server(env, UNCACHED, args.workers, tmp / "gunicorn-uncached.log") as cold:
            for name, path in urls.items():
                status, body, _ = fetch(cold.url + path)
                assert status == 200, f"{name}: HTTP {status} {body[:300]!r}"
                items = len(json.loads(body)["items"]) if path.startswith("/api/") else 20
                for _ in range(3):
                    fetch(cold.url + path)
                pids = server_pids(cold) + postgres_backends(database)
                before = cpu_seconds(pids)
                load = wrk(cold.url + path, duration=args.duration, connections=1, threads=1)
                cpu_ms = (cpu_seconds(pids) - before) * 1000 / max(load.requests, 1)
                results["one_user_uncached"][name] = {"items": items, "cpu_ms": cpu_ms, **load.__dict__}
                log(
                    f"one user {name:24} {items:3} items  p50 {load.p50:6.2f}  p95 {load.p95:6.2f}  "
                    f"p99 {load.p99:6.2f} ms; CPU {cpu_ms:5.2f} ms a request (gunicorn + PostgreSQL)"
                )

        flush_redis(args.redis_db)
        path = urls["all filters"]
        unlimited = {**env, "API_RATE_LIMIT_PER_MINUTE": "0"}
        with (
            Server(env, "cms.settings", args.workers, tmp / "gunicorn-warm.log") as warm,
            Server(unlimited, "cms.settings", args.workers, tmp / "gunicorn-warm-unlimited.log") as warm_unlimited,
        ):
            status, body, content_type = fetch(warm.url + path)
            assert status == 200
            for _ in range(5):
                fetch(warm.url + path)
                fetch(warm_unlimited.url + path)
            (tmp / "baseline-body.json").write_bytes(body)
            baseline_env = {
                **env,
                "BENCH_BASELINE_BODY": str(tmp / "baseline-body.json"),
                "BENCH_BASELINE_CONTENT_TYPE": content_type,
            }
            with Server(baseline_env, "bench.baseline", args.workers, tmp / "gunicorn-baseline.log") as baseline:
                servers = {"baseline": (baseline, BASELINE_PATH), "cached": (warm, path),
                           "cached, no rate limit": (warm_unlimited, path)}  # fmt: skip
                runs: dict[str, list] = {name: [] for name in servers}
                cpu: dict[str, list[float]] = {name: [] for name in servers}
                for _ in range(args.rounds):
                    for name, (server, server_path) in servers.items():
                        pids = server_pids(server)
                        before = cpu_seconds(pids)
                        load = measured_wrk(server, server_path, duration=args.duration,
                                            connections=args.connections, threads=args.threads)  # fmt: skip
                        cpu[name].append((cpu_seconds(pids) - before) * 1e6 / max(load.requests, 1))
                        runs[name].append(load)
        base = combined(runs["baseline"])
        results["cached"] = {}
        for name in ("cached", "cached, no rate limit"):
            load = combined(runs[name])
            ratios = [c.rps / b.rps for c, b in zip(runs[name], runs["baseline"], strict=True)]
            results["cached"][name] = {"load": load.__dict__, "ratios": ratios, "cpu_us": cpu[name]}
            log(
                f"{name:22} {load.rps:6.0f} req/s (p50 {load.p50} ms), baseline {base.rps:.0f} req/s: "
                f"{load.rps / base.rps:.2f} x (rounds {', '.join(f'{r:.2f}' for r in ratios)}); CPU a request "
                f"{statistics.median(cpu[name]):.0f} us, the baseline's {statistics.median(cpu['baseline']):.0f} us"
            )
        results["cached"]["baseline"] = {"load": base.__dict__, "cpu_us": cpu["baseline"]}
    results["load_after"] = os.getloadavg()
    log(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    out = Path(__file__).resolve().parent / "results" / "api.json"  # ignored by git, as every run but the reference
    out.write_text(json.dumps(results, indent=1, default=str))
    log(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
