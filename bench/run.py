"""The benchmark: issue 14's figures in one run, each page against a bare-Django baseline.

    .venv/bin/python bench/run.py --label reference     # the figures of docs/performance.md (about 12 minutes)
    .venv/bin/python bench/run.py --duration 2 --rounds 1 --only article front latest --no-lighthouse   # a quick look

1. Makes sure the PostgreSQL database (`--database-url`) holds the generated archive: migrates it, and
   regenerates it (bench/generate_archive.py) only when its count of published articles differs from
   `--articles` (or with --regenerate).
2. Counts the SQL queries of every page it measures, rendered (Django's test client, no page cache).
3. Serves the baseline (bench/baseline.py: a bare view returning the article page's bytes from memory) and the
   site with gunicorn (`--workers`, DEBUG off, production settings, collectstatic into a temporary STATIC_ROOT),
   and loads each page with wrk in `--rounds` rounds, each right after a run of the baseline:
   - without the page cache (bench/settings_uncached.py): the article, the front page, the lists and the agency,
     official and programme pages, page 1 and a deep page; then each search alone (one connection) for its p95;
   - with it (the production settings, Redis db `--redis-db`, flushed first): front page, latest list, article,
     a deep list page,
     search, RSS and sitemap.
   A run in which one gunicorn worker held all of wrk's connections is repeated (bench/load.py: measured_wrk).
4. Runs Lighthouse (bench/package.json) on the front and article pages, served with the page cache.
5. Counts the lines of the product code for caching (bench/code_lines.py).
6. Prints every figure with its target, writes the run to bench/results/LABEL.json and, for `--label reference`,
   the figures into docs/performance.md between its markers (bench/results/reference.json is the one result kept
   in git; the others are ignored).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import code_lines  # noqa: E402
from bench.lighthouse import lighthouse  # noqa: E402
from bench.load import (  # noqa: E402
    PYTHON,
    Load,
    Server,
    combined,
    fetch,
    flush_redis,
    log,
    measured_wrk,
    stored_pages,
    wrk,
)
from bench.report import figures, render, summary, write_docs  # noqa: E402
from bench.site import (  # noqa: E402
    DATA,
    UNCACHED,
    count_queries,
    discover_pages,
    django_env,
    ensure_archive,
    ensure_database,
)

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
REFERENCE = "reference"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/toasoan_perf_bench"
BASELINE_PATH = "/bai-viet/baseline/"
# Which pages each part of the run measures (keys of PAGE_LOOKUP's pages).
UNCACHED_PAGES = (
    "article",
    "front",
    "latest",
    "latest_deep",
    "agency",
    "agency_deep",
    "official",
    "official_deep",
    "programme",
    "programme_deep",
)
CACHED_PAGES = ("front", "latest", "article", "latest_deep", "search_marks", "rss", "sitemap")
ONE_USER_PAGES = ("search_marks", "search_plain")
LIGHTHOUSE_PAGES = ("front", "article")


@dataclass
class PageResult:
    key: str
    name: str
    url: str
    status: int = 0
    bytes: int = 0
    queries: int | None = None
    uncached: Load | None = None
    cached: Load | None = None
    # The baseline runs alternating with this page's, in each part of the run: the machine's speed drifts.
    baseline_uncached: Load | None = None
    baseline_cached: Load | None = None
    single_user: Load | None = None
    note: str = ""


@dataclass
class RunResult:
    label: str
    command: str
    date: str
    commit: str
    machine: dict[str, object]
    articles: int
    database: str
    workers: int
    connections: int
    duration: int
    rounds: int
    load_average_before: list[float]
    load_average_after: list[float] = field(default_factory=list)
    baseline_before: Load | None = None
    baseline_after: Load | None = None
    pages: list[PageResult] = field(default_factory=list)
    lighthouse: dict[str, dict[str, int]] = field(default_factory=dict)
    caching_code: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the machine and the code


def machine() -> dict[str, object]:
    """CPU model, cores and memory, from /proc where there is one."""
    cpu, memory_gb = platform.processor() or platform.machine(), 0.0
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), cpu
        )
        total = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory_gb = round(int(total.group(1)) / 1024**2, 1) if total else 0.0
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count() or 0, "memory_gb": memory_gb, "system": platform.platform()}


def commit() -> str:
    """HEAD, and whether tracked files differ from it (the run's own outputs aside)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    outputs = [":!docs/performance.md", ":!bench/results"]
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", *outputs)
    return git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" if changed else "")


def command_line(argv: list[str]) -> str:
    """The command as typed, less its notes (kept apart, in the result's `notes`)."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip or arg == "--note":
            skip = not skip
            continue
        if not arg.startswith("--note="):
            kept.append(arg)
    return shlex.join(["python", "bench/run.py", *kept])


def caching_code() -> dict[str, object]:
    by_file = code_lines.count(list(code_lines.CACHING_CODE))
    total = sum(by_file.values(), code_lines.Lines(0, 0))
    return {
        "paths": list(code_lines.CACHING_CODE),
        "code": total.code,
        "without_docstrings": total.without_docstrings,
        "files": {name: lines.code for name, lines in by_file.items()},
    }


# ---------------------------------------------------------------- load


def measure_pages(
    server: Server,
    baseline: Server,
    pages: list[PageResult],
    mode: str,
    args: argparse.Namespace,
    stored: Callable[[], int] | None = None,
) -> None:
    """Each page in `--rounds` rounds, each right after a run of the baseline: the ratio compares the page
    with the baseline measured in alternation with it, so a drift of the machine's speed reaches both.
    With `stored` (how many pages the page cache holds), a page the warm-up did not store is flagged."""
    for page in pages:
        before = stored() if stored else 0
        status, _, _ = fetch(server.url + page.url)
        if status != 200:
            page.note = f"HTTP {status} ({mode})"
            log(f"{page.name}: HTTP {status}, skipped")
            continue
        for _ in range(5):  # warm the workers (and, with the page cache, store the page)
            fetch(server.url + page.url)
        if stored and stored() <= before:
            page.note = "not stored by the page cache: the cached figure measured the render"
            log(f"{page.name}: {page.note}")
        options = {"duration": args.duration, "connections": args.connections, "threads": args.threads}
        base_runs, page_runs = [], []
        for _ in range(args.rounds):
            base_runs.append(measured_wrk(baseline, BASELINE_PATH, **options))
            page_runs.append(measured_wrk(server, page.url, **options))
        base, load = combined(base_runs), combined(page_runs)
        setattr(page, f"baseline_{mode}", base)
        setattr(page, mode, load)
        by_round = ", ".join(f"{p.rps / b.rps:.2f}" for p, b in zip(page_runs, base_runs, strict=True))
        log(
            f"{mode:8} {page.name:24} {load.rps:8.1f} req/s  p50 {load.p50:7.2f} ms  p99 {load.p99:7.2f} ms"
            f"  (baseline {base.rps:.1f} req/s: {load.rps / base.rps:.2f} x; by round {by_round})"
        )


def measure_one_user(server: Server, pages: list[PageResult], args: argparse.Namespace) -> None:
    """One connection, so the latency is the page's own and not a wait for a free worker."""
    for page in pages:
        for _ in range(5):
            fetch(server.url + page.url)
        page.single_user = wrk(server.url + page.url, duration=args.duration * args.rounds, connections=1, threads=1)
        log(f"one user {page.name:24} p50 {page.single_user.p50:.2f} ms  p95 {page.single_user.p95:.2f} ms")


def measure_baseline(server: Server, body: bytes, args: argparse.Namespace) -> Load:
    status, served, _ = fetch(server.url + BASELINE_PATH)
    assert status == 200 and served == body, "the baseline must serve the article page's bytes"
    for _ in range(5):
        fetch(server.url + BASELINE_PATH)
    load = measured_wrk(
        server, BASELINE_PATH, duration=args.duration, connections=args.connections, threads=args.threads
    )
    log(f"baseline {load.rps:8.1f} req/s  p50 {load.p50:7.2f} ms  p99 {load.p99:7.2f} ms")
    return load


# ---------------------------------------------------------------- main


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="published articles (default 100000)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--regenerate", action="store_true", help="regenerate the archive even if present")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk run (default 4)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each page, each after the baseline (default 3)")
    parser.add_argument("--redis-db", type=int, default=3, help="Redis database of the page cache (default 3)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--only",
        nargs="*",
        metavar="PAGE",
        help="only these pages: " + ", ".join(dict.fromkeys(UNCACHED_PAGES + CACHED_PAGES + ONE_USER_PAGES)),
    )
    parser.add_argument(
        "--label",
        default="latest",
        help=f"names bench/results/LABEL.json; {REFERENCE!r} also writes docs/performance.md",
    )
    parser.add_argument("--note", action="append", default=[], help="a note to keep with the figures")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.secret_key = secrets.token_urlsafe(40)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    started = time.monotonic()
    DATA.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="toasoan-bench-"))
    env = django_env(args, tmp / "static")
    result = RunResult(
        label=args.label,
        command=command_line(argv if argv is not None else sys.argv[1:]),
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=commit(),
        machine=machine(),
        articles=args.articles,
        database="PostgreSQL" if args.database_url.startswith("postgres") else args.database_url.split(":")[0],
        workers=args.workers,
        connections=args.connections,
        duration=args.duration,
        rounds=args.rounds,
        load_average_before=[round(x, 2) for x in os.getloadavg()],
        notes=list(args.note),
    )
    ensure_database(args.database_url)
    ensure_archive(env, database_url=args.database_url, articles=args.articles, regenerate=args.regenerate)
    log("collectstatic")
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)

    found = discover_pages(env)
    urls = {page["key"]: page["url"] for page in found}
    pages = [
        PageResult(key=page["key"], name=page["name"], url=page["url"])
        for page in found
        if not args.only or page["key"] in args.only
    ]
    by_key = {page.key: page for page in pages}
    log("counting queries")
    queries = count_queries(env, [page.url for page in pages])
    for page in pages:
        page.queries = queries.get(page.url)

    def chosen(keys: tuple[str, ...]) -> list[PageResult]:
        return [by_key[key] for key in keys if key in by_key]

    with Server(env, UNCACHED, args.workers, tmp / "gunicorn-uncached.log") as server:
        status, article_body, content_type = fetch(server.url + urls["article"])
        assert status == 200, f"the article page answered HTTP {status}"
        for page in pages:
            page.status, body, _ = fetch(server.url + page.url)
            page.bytes = len(body)
    (tmp / "baseline-body.html").write_bytes(article_body)
    baseline_env = {
        **env,
        "BENCH_BASELINE_BODY": str(tmp / "baseline-body.html"),
        "BENCH_BASELINE_CONTENT_TYPE": content_type,
    }
    with Server(baseline_env, "bench.baseline", args.workers, tmp / "gunicorn-baseline.log") as baseline:
        result.baseline_before = measure_baseline(baseline, article_body, args)
        with Server(env, UNCACHED, args.workers, tmp / "gunicorn-uncached.log") as server:
            measure_pages(server, baseline, chosen(UNCACHED_PAGES), "uncached", args)
            measure_one_user(server, chosen(ONE_USER_PAGES), args)
        flush_redis(args.redis_db)
        with Server(env, "cms.settings", args.workers, tmp / "gunicorn-cached.log") as server:
            in_cache = functools.partial(stored_pages, args.redis_db)
            measure_pages(server, baseline, chosen(CACHED_PAGES), "cached", args, stored=in_cache)
            if not args.no_lighthouse:
                for key in LIGHTHOUSE_PAGES:
                    log(f"Lighthouse: {key}")
                    try:
                        result.lighthouse[key] = lighthouse(server.url + urls[key], DATA / f"lighthouse-{key}.json")
                    except (subprocess.SubprocessError, OSError, ValueError, RuntimeError) as error:
                        result.notes.append(f"Lighthouse failed on {key}: {error}")
                    log(f"Lighthouse {key}: {result.lighthouse.get(key)}")
        result.baseline_after = measure_baseline(baseline, article_body, args)
    result.pages = pages
    result.caching_code = caching_code()
    result.load_average_after = [round(x, 2) for x in os.getloadavg()]
    result.seconds = round(time.monotonic() - started)

    stored = asdict(result)
    stored["figures"] = [asdict(figure) for figure in figures(stored)]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{args.label}.json"
    path.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
    print("\n" + render(stored))
    log(summary(stored))
    log(f"{result.seconds // 60} min {result.seconds % 60} s; wrote {path.relative_to(ROOT)}")
    if args.label == REFERENCE:
        write_docs(args.output, stored)
        log(f"wrote the figures into {args.output.relative_to(ROOT)}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
