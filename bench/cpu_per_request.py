"""CPU per request of the article page (stored and rendered live) and of the baseline, under wrk.

    .venv/bin/python bench/cpu_per_request.py --database-url postgres://postgres@127.0.0.1:5432/DB [--rounds 2]

The servers of bench/run.py (gunicorn, production settings without a cache, 2 workers) and wrk; for each
run, the CPU time (user + system) of the gunicorn processes and of the PostgreSQL backends serving them,
divided by the requests served. Unlike requests/s, this does not depend much on what else the shared
machine is doing at the time. Prints one line per run.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.run import (
    BASELINE_PATH,
    DEFAULT_DATABASE_URL,
    PYTHON,
    ROOT,
    Server,
    baseline_server,
    discover_pages,
    django_env,
    fetch,
    wrk,
)

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
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


def total_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds(pid)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measure(name: str, server: Server, url: str, database: str, args: argparse.Namespace) -> None:
    for _ in range(20):
        fetch(url)
    web, db = group_pids(server.process.pid), postgres_backends(database)
    web_before, db_before = total_cpu(web), total_cpu(db)
    load = wrk(url, duration=args.duration, connections=args.connections, threads=2)
    per_request = 1000 / max(load.requests, 1)
    web_used, db_used = (total_cpu(web) - web_before) * per_request, (total_cpu(db) - db_before) * per_request
    print(
        f"{name:24} {load.rps:8.1f} req/s  {web_used + db_used:6.3f} ms CPU per request "
        f"(gunicorn {web_used:.3f}, PostgreSQL {db_used:.3f}; load average {os.getloadavg()[0]:.2f})",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--redis-db", type=int, default=3)
    args = parser.parse_args()
    args.secret_key = secrets.token_urlsafe(40)
    args.workers = 2
    database = args.database_url.rsplit("/", 1)[1]
    tmp = Path(tempfile.mkdtemp(prefix="toasoan-cpu-"))
    env = django_env(args, tmp / "static")
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    article = discover_pages(env)["article"]
    with Server(env, os.environ.get("CPU_SETTINGS", "bench.settings_cold"), 2, tmp / "cold.log") as cold:
        status, body, content_type = fetch(cold.url + article)
        assert status == 200
        with baseline_server(env, body, content_type, args, tmp) as baseline:
            for _ in range(args.rounds):
                measure("baseline", baseline, baseline.url + BASELINE_PATH, database, args)
                measure("article (stored)", cold, cold.url + article, database, args)
                measure("article (rendered live)", cold, cold.url + article + "?live", database, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
