"""Servers under load: gunicorn on 127.0.0.1, wrk against it, each run checked for how its connections fell."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable

# A run in which one worker held every connection is repeated, up to this many times.
MAX_REPEATS = 4


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


@dataclass
class Load:
    """One wrk run (or several combined): throughput and latency (milliseconds)."""

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with bench/gunicorn_conf.py (the project's settings) and `workers` workers."""

    def __init__(self, env: dict[str, str], settings_module: str, workers: int, log_path: Path) -> None:
        self.port = free_port()
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}"
        server_env = {**env, "DJANGO_SETTINGS_MODULE": settings_module, "PORT": str(self.port), "HOST": "127.0.0.1"}
        command = [
            PYTHON, "-m", "gunicorn", "bench.wsgi:application", "--config", str(BENCH / "gunicorn_conf.py"),
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
        ]  # fmt: skip
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

    def __exit__(self, *exc: object) -> None:
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
        "wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
        "--latency", "-s", str(BENCH / "wrk_report.lua"), url,
    ]  # fmt: skip
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


def measured_wrk(server: Server, path: str, *, duration: int, connections: int, threads: int) -> Load:
    """wrk against `server`, repeated when one gunicorn worker held all of wrk's connections.

    wrk opens its keep-alive connections at once and keeps them; whichever worker wakes first may accept
    them all, and then one process (one core, one GIL) serves the run while the other idles: the same page
    measures at about 0.4 x its speed. That measures how wrk's few connections fell, not the server; a site
    behind a front server with many clients does not see it. Every run, baseline and pages alike, is checked
    halfway through with `ss` and repeated while a worker holds none of the connections.
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
    """FLUSHDB on the benchmark's own Redis database only."""
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, db=db, socket_timeout=5).flushdb()
    except redis.RedisError as error:
        log(f"could not flush Redis db {db}: {error}")


def stored_pages(db: int) -> int:
    """How many pages the page cache holds in the benchmark's Redis database (articles/pagecache/store.py keys)."""
    import redis

    return sum(1 for _ in redis.Redis(host="127.0.0.1", port=6379, db=db).scan_iter(match="*pagecache:page:*"))
