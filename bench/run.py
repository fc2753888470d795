"""The benchmark: the public site under load against a bare-Django baseline, and Lighthouse.

    .venv/bin/python bench/run.py                    # 100 000 articles on PostgreSQL, everything
    .venv/bin/python bench/run.py --articles 2000 --duration 3 --no-lighthouse --label smoke

1. Makes sure the PostgreSQL database (`--database-url`) holds the generated archive
   (bench/generate_archive.py; regenerated only when the article count differs or with --regenerate).
2. Serves the site with gunicorn (`--workers`, DEBUG off, production settings, collectstatic into a
   temporary STATIC_ROOT) on 127.0.0.1 and loads each page with wrk for `--duration` seconds:
   cold (bench/settings_cold.py: the cache is a DummyCache) and warm (the production cache, Redis
   db `--redis-db`, flushed first and primed by a few requests).
3. Serves the baseline (bench/baseline.py: a bare view returning the article page's bytes from memory)
   the same way, and measures each page in `--rounds` rounds, each right after a run of the baseline:
   each ratio compares the page with the baseline measured in alternation with it. A run in which one
   gunicorn worker held all of wrk's connections is repeated (`measured_wrk`).
4. Runs Lighthouse (bench/package.json) on the home and article pages.
5. Writes the tables into docs/performance.md between the markers for `--label`, and the raw figures
   to bench/results/<label>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / ".data"
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/toasoan_perf_bench"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
SEARCH_WITH_MARKS = "dự án trọng điểm"
SEARCH_WITHOUT_MARKS = "du an trong diem"
BASELINE_PATH = "/bai-viet/baseline/"

sys.path.insert(0, str(ROOT))
from bench.report import write_report  # noqa: E402


@dataclass
class Load:
    """One wrk run: throughput and latency (milliseconds)."""

    requests: int
    seconds: float
    rps: float
    p50: float
    p75: float
    p90: float
    p95: float
    p99: float
    max: float
    errors: int
    connections: int
    # wrk's keep-alive connections held by each gunicorn worker, read halfway through the run, and how many
    # earlier tries were repeated because a worker held none (see `measured_wrk`).
    connections_per_worker: list[int] = field(default_factory=list)
    repeated: int = 0
    rounds: int = 1


def combined(loads: list[Load]) -> Load:
    """Several runs of one URL as one: requests/s over their total time; each latency percentile is the
    median of the runs' (wrk reports percentiles, not the samples); the spread of the worst-balanced run."""
    if len(loads) == 1:
        return loads[0]
    requests, seconds = sum(load.requests for load in loads), sum(load.seconds for load in loads)

    def median_of(name: str) -> float:
        return round(statistics.median(getattr(load, name) for load in loads), 2)

    return Load(
        requests=requests,
        seconds=round(seconds, 2),
        rps=round(requests / seconds, 1),
        p50=median_of("p50"),
        p75=median_of("p75"),
        p90=median_of("p90"),
        p95=median_of("p95"),
        p99=median_of("p99"),
        max=max(load.max for load in loads),
        errors=sum(load.errors for load in loads),
        connections=loads[0].connections,
        connections_per_worker=min((load.connections_per_worker for load in loads), key=len),
        repeated=sum(load.repeated for load in loads),
        rounds=len(loads),
    )


@dataclass
class PageResult:
    name: str
    url: str
    status: int = 0
    bytes: int = 0
    queries: int | None = None
    cold: Load | None = None
    warm: Load | None = None
    single_user_cold: Load | None = None
    single_user_warm: Load | None = None
    # The baseline measured just before this page, in each mode: the machine's speed drifts.
    baseline_cold: Load | None = None
    baseline_warm: Load | None = None
    note: str = ""


@dataclass
class RunResult:
    label: str
    command: str
    date: str
    commit: str
    articles: int
    database: str
    workers: int
    connections: int
    duration: int
    cpu_count: int
    rounds: int
    load_average_before: list[float]
    baseline_before: Load | None = None
    baseline_after: Load | None = None
    pages: list[PageResult] = field(default_factory=list)
    lighthouse: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- database and archive


def django_env(args: argparse.Namespace, static_root: Path) -> dict[str, str]:
    env = {
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
        # The production cache (Redis) for the warm runs; bench/settings_cold.py replaces it.
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
    }
    return env


def ensure_database(database_url: str) -> None:
    parsed = urllib.parse.urlparse(database_url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg2

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
    """Clean up and refresh the planner's statistics, as autovacuum would on a production server (it is off on
    this machine's PostgreSQL): a migration that rewrote every article (0009) left 100 000 dead rows and old
    statistics, and the cold pages then ran 2-4 x slower. Quick when nothing changed."""
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


def ensure_archive(args: argparse.Namespace, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    count = int(
        django_script(
            env, "from articles.newsroom.models import Article\nprint(Article.objects.published().count())"
        ).strip()
    )
    if count == args.articles and not args.regenerate:
        log(f"archive present: {count} published articles")
        vacuum_analyze(args.database_url)
        return
    log(f"generating {args.articles} articles (found {count})")
    subprocess.run(
        [PYTHON, "bench/generate_archive.py", "--articles", str(args.articles), "--reset"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=3600,
    )


# Pages: name -> Python expression (Django set up, `reverse` and the models imported) giving the path.
PAGE_LOOKUP = r"""
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from articles.newsroom.models import Agency, Article, Official, Programme
import urllib.parse

def first_url(names, **kwargs):
    for name in names:
        try:
            return reverse(name, **kwargs)
        except NoReverseMatch:
            continue
    return None

def search(q):
    base = first_url(["search:results", "search"])
    return base and base + "?" + urllib.parse.urlencode({"q": q})

published = Article.objects.published()
article = (
    published.exclude(cover="").filter(body__contains="<figure", officials__isnull=False, programmes__isnull=False)
    .order_by("-published_at").first()
)
agency = Agency.objects.annotate(n=Count("articles")).order_by("-n").first()
official = Official.objects.annotate(n=Count("articles")).order_by("-n").first()
programme = Programme.objects.annotate(n=Count("articles")).order_by("-n").first()
home = reverse("public:home")
pages = {
    "home": home,
    "list, page 2000": home + "?page=2000",
    "article": article.get_absolute_url(),
    # Any query string renders the article live (articles/rendered_pages.py): the page without its stored render.
    "article, rendered live": article.get_absolute_url() + "?live",
    "search (diacritics)": search(%(with_marks)r),
    "search (no diacritics)": search(%(without_marks)r),
    "agency": agency.get_absolute_url(),
    "official": official.get_absolute_url(),
    "programme": programme.get_absolute_url(),
    "RSS feed": first_url(["public:feed_rss", "public:rss", "public:feed", "feed_rss", "feed"]),
    "sitemap": first_url(["sitemap_index", "django.contrib.sitemaps.views.index", "sitemap"]),
    "sitemap, articles": first_url(["sitemap_section"], kwargs={"section": "bai-viet"}),
}
print(json.dumps(pages))
"""


def discover_pages(env: dict[str, str]) -> dict[str, str | None]:
    code = PAGE_LOOKUP % {"with_marks": SEARCH_WITH_MARKS, "without_marks": SEARCH_WITHOUT_MARKS}
    return json.loads(django_script(env, code).strip().splitlines()[-1])


def count_queries(env: dict[str, str], paths: list[str]) -> dict[str, int]:
    """SQL queries per page, through Django's test client on the benchmark database."""
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
    cold_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings_cold"}
    return json.loads(django_script(cold_env, code).strip().splitlines()[-1])


# ---------------------------------------------------------------- servers and load


class Server:
    """gunicorn on 127.0.0.1 with bench/gunicorn_conf.py (the project's settings) and `workers` workers."""

    def __init__(self, env: dict[str, str], settings_module: str, workers: int, log_path: Path) -> None:
        self.port = free_port()
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}"
        server_env = {**env, "DJANGO_SETTINGS_MODULE": settings_module, "PORT": str(self.port), "HOST": "127.0.0.1"}
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--config",
            str(BENCH / "gunicorn_conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
        ]
        self.log_file = log_path.open("ab")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=server_env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_file.name}")
            try:
                with urllib.request.urlopen(self.url + "/robots.txt", timeout=2):
                    pass
                return self
            except urllib.error.HTTPError:
                return self  # it answers; a 404 is an answer
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()


def fetch(url: str) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def wrk(url: str, *, duration: int, connections: int, threads: int) -> Load:
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(BENCH / "wrk_report.lua"),
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    line = next((row for row in completed.stdout.splitlines() if row.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no report:\n{completed.stdout}\n{completed.stderr}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    latency = {key: value / 1000 for key, value in data["latency_us"].items()}
    return Load(
        requests=data["requests"],
        seconds=round(seconds, 2),
        rps=round(data["requests"] / seconds, 1),
        p50=round(latency["p50"], 2),
        p75=round(latency["p75"], 2),
        p90=round(latency["p90"], 2),
        p95=round(latency["p95"], 2),
        p99=round(latency["p99"], 2),
        max=round(latency["max"], 2),
        errors=sum(data["errors"].values()),
        connections=connections,
    )


def connections_per_worker(port: int) -> list[int]:
    """Established connections to `port`, counted by the process holding them (the gunicorn workers)."""
    out = subprocess.run(
        ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True, timeout=10
    ).stdout
    counts: dict[str, int] = {}
    for pid in re.findall(r"pid=(\d+)", out):
        counts[pid] = counts.get(pid, 0) + 1
    return sorted(counts.values(), reverse=True)


# A run in which one worker held every connection is repeated, up to this many times.
MAX_REPEATS = 4


def measured_wrk(server: Server, path: str, *, duration: int, connections: int, threads: int) -> Load:
    """wrk against `server`, repeated when one gunicorn worker held all of wrk's connections.

    wrk opens its keep-alive connections at once and keeps them; whichever worker wakes first may accept
    them all, and then one process (one core, one GIL) serves the run while the other idles: the same page
    measures at about 0.4 x its speed (1 670 against 4 400 req/s for the baseline, 2 of 12 runs here). That
    measures how wrk's few connections fell, not the server, and was the "slow windows" of earlier runs.
    A site behind a front server with many clients does not see it. Every run, baseline and pages alike, is
    checked halfway through with `ss` and repeated while a worker holds none of the connections.
    """
    expected = min(server.workers, connections)
    for attempt in range(MAX_REPEATS + 1):
        seen: list[list[int]] = []
        sampler = threading.Timer(duration / 2, lambda seen=seen: seen.append(connections_per_worker(server.port)))
        sampler.start()
        load = wrk(server.url + path, duration=duration, connections=connections, threads=threads)
        sampler.join()
        load.connections_per_worker = seen[0] if seen else []
        load.repeated = attempt
        if len(load.connections_per_worker) >= expected or attempt == MAX_REPEATS:
            return load
        log(f"  {load.rps:.1f} req/s with connections per worker {load.connections_per_worker}: repeated")
    raise AssertionError("unreachable")


def flush_redis(db: int) -> None:
    """FLUSHDB on our own Redis database only."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=5) as sock:
            sock.sendall(f"SELECT {db}\r\nFLUSHDB\r\n".encode())
            time.sleep(0.2)
            sock.recv(1024)
    except OSError as error:
        log(f"could not flush Redis db {db}: {error}")


def measure_pages(
    server: Server, baseline: Server, pages: list[PageResult], mode: str, args: argparse.Namespace
) -> None:
    """Each page in `--rounds` rounds, each right after a run of the baseline: the ratio compares the page
    with the baseline measured in alternation with it, so a drift of the machine's speed reaches both."""
    for page in pages:
        if page.note:
            continue
        url = server.url + page.url
        status, body, _ = fetch(url)
        if status != 200:
            page.note = f"HTTP {status} in the {mode} run"
            log(f"{page.name}: HTTP {status}, skipped")
            continue
        for _ in range(5):  # warm the workers (and, in the warm run, the cache)
            fetch(url)
        base_runs, page_runs = [], []
        for _ in range(args.rounds):
            base_runs.append(
                measured_wrk(
                    baseline, BASELINE_PATH, duration=args.duration, connections=args.connections, threads=args.threads
                )
            )
            page_runs.append(
                measured_wrk(
                    server, page.url, duration=args.duration, connections=args.connections, threads=args.threads
                )
            )
        base, load = combined(base_runs), combined(page_runs)
        setattr(page, f"baseline_{mode}", base)
        setattr(page, mode, load)
        by_round = ", ".join(f"{p.rps / b.rps:.2f}" for p, b in zip(page_runs, base_runs, strict=True))
        log(
            f"{mode:4} {page.name:24} {load.rps:8.1f} req/s  p50 {load.p50:7.2f} ms  p99 {load.p99:7.2f} ms"
            f"  (baseline {base.rps:.1f} req/s: {load.rps / base.rps:.2f} x; by round {by_round})"
        )
        if page.name.startswith("search"):
            single = wrk(url, duration=args.duration, connections=1, threads=1)
            setattr(page, f"single_user_{mode}", single)
            log(f"{mode:4} {page.name:24} one user: p95 {single.p95:.2f} ms")


def baseline_server(env: dict[str, str], body: bytes, content_type: str, args: argparse.Namespace, tmp: Path) -> Server:
    body_path = tmp / "baseline-body.html"
    body_path.write_bytes(body)
    baseline_env = {**env, "BENCH_BASELINE_BODY": str(body_path), "BENCH_BASELINE_CONTENT_TYPE": content_type}
    return Server(baseline_env, "bench.baseline", args.workers, tmp / "gunicorn-baseline.log")


def measure_baseline(server: Server, body: bytes, args: argparse.Namespace) -> Load:
    url = server.url + BASELINE_PATH
    status, served, _ = fetch(url)
    assert status == 200 and served == body, "the baseline must serve the article page's bytes"
    for _ in range(5):
        fetch(url)
    load = measured_wrk(
        server, BASELINE_PATH, duration=args.duration, connections=args.connections, threads=args.threads
    )
    log(f"baseline {load.rps:8.1f} req/s  p50 {load.p50:7.2f} ms  p99 {load.p99:7.2f} ms")
    return load


# ---------------------------------------------------------------- Lighthouse


def lighthouse(url: str, out: Path, *, attempts: int = 3) -> dict[str, int]:
    """Lighthouse's four scores for `url`. A run whose trace recording failed (Lighthouse's own advice for
    NO_NAVSTART and the like is "run Lighthouse again") is run again, up to `attempts` times."""
    cli = BENCH / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BENCH, check=True, timeout=600)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    command = [
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    for attempt in range(1, attempts + 1):
        completed = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": chrome}, timeout=300, capture_output=True, check=False
        )
        report = json.loads(out.read_text()) if out.exists() else {}
        error = report.get("runtimeError") or (None if completed.returncode == 0 else f"exit {completed.returncode}")
        if error is None:
            return {key: round((category["score"] or 0) * 100) for key, category in report["categories"].items()}
        log(f"Lighthouse attempt {attempt} on {url} failed: {error.get('code') if isinstance(error, dict) else error}")
        out.unlink(missing_ok=True)
    raise RuntimeError(f"Lighthouse failed {attempts} times on {url}")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--regenerate", action="store_true", help="regenerate the archive even if present")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk run (default 4)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of each page, each after a run of the baseline (default 3)"
    )
    parser.add_argument("--redis-db", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--only", nargs="*", help="measure only these pages (names as in the table)")
    parser.add_argument("--label", default="latest", help="section of docs/performance.md to (re)write")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    args.secret_key = secrets.token_urlsafe(40)

    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    DATA.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="toasoan-bench-"))
    env = django_env(args, tmp / "static")
    result = RunResult(
        label=args.label,
        command=" ".join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        articles=args.articles,
        database="PostgreSQL" if args.database_url.startswith("postgres") else args.database_url.split(":")[0],
        workers=args.workers,
        connections=args.connections,
        duration=args.duration,
        cpu_count=os.cpu_count() or 0,
        rounds=args.rounds,
        load_average_before=[round(x, 2) for x in os.getloadavg()],
    )

    ensure_database(args.database_url)
    ensure_archive(args, env)
    log("collectstatic")
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)

    urls = discover_pages(env)
    pages = [PageResult(name, url or "", note="" if url else "no such page yet") for name, url in urls.items()]
    if args.only:
        pages = [page for page in pages if page.name in args.only]
    queries = count_queries(env, [page.url for page in pages if page.url])
    for page in pages:
        page.queries = queries.get(page.url)

    with Server(env, "bench.settings_cold", args.workers, tmp / "gunicorn-cold.log") as server:
        status, article_body, content_type = fetch(server.url + urls["article"])
        assert status == 200, f"the article page answered HTTP {status}"
        for page in pages:
            if page.url:
                page.status, body, _ = fetch(server.url + page.url)
                page.bytes = len(body)
    with baseline_server(env, article_body, content_type, args, tmp) as baseline:
        result.baseline_before = measure_baseline(baseline, article_body, args)
        with Server(env, "bench.settings_cold", args.workers, tmp / "gunicorn-cold.log") as server:
            measure_pages(server, baseline, pages, "cold", args)
        flush_redis(args.redis_db)
        with Server(env, "cms.settings", args.workers, tmp / "gunicorn-warm.log") as server:
            measure_pages(server, baseline, pages, "warm", args)
            if not args.no_lighthouse:
                for name in ("home", "article"):
                    log(f"Lighthouse: {name}")
                    try:
                        result.lighthouse[name] = lighthouse(server.url + urls[name], DATA / f"lighthouse-{name}.json")
                    except (subprocess.SubprocessError, OSError, ValueError, RuntimeError) as error:
                        result.notes.append(f"Lighthouse failed on {name}: {error}")
                    log(f"Lighthouse {name}: {result.lighthouse.get(name)}")
        result.baseline_after = measure_baseline(baseline, article_body, args)
    result.pages = pages

    results_dir = BENCH / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / f"{args.label}.json").write_text(json.dumps(asdict(result), indent=2, ensure_ascii=False) + "\n")
    write_report(args.output, result)
    log(f"wrote {args.output.relative_to(ROOT)} (section {args.label!r}) and bench/results/{args.label}.json")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
