"""The benchmark repeats a wrk run in which one gunicorn worker held every connection, and says so."""

import json
import socket
import subprocess
import threading

import pytest

from bench import run
from bench.report import render
from bench.run import Load, PageResult, RunResult


def make_load(rps: float, per_worker: list[int] | None = None, repeated: int = 0) -> Load:
    return Load(
        requests=int(rps * 6), seconds=6.0, rps=rps, p50=1.0, p75=1.2, p90=1.5, p95=1.8, p99=2.5, max=5.0,
        errors=0, connections=4, connections_per_worker=per_worker or [], repeated=repeated,
    )  # fmt: skip


class FakeServer:
    port = 1
    workers = 2
    url = "http://127.0.0.1:1"


def test_a_run_where_one_worker_held_every_connection_is_repeated(monkeypatch):
    spreads = iter([[4], [4], [2, 2]])
    speeds = iter([1670.0, 1680.0, 4400.0])
    monkeypatch.setattr(run, "connections_per_worker", lambda port: next(spreads))
    monkeypatch.setattr(run, "wrk", lambda url, **kwargs: make_load(next(speeds)))

    load = run.measured_wrk(FakeServer(), "/", duration=0, connections=4, threads=2)

    assert (load.rps, load.connections_per_worker, load.repeated) == (4400.0, [2, 2], 2)


def test_a_run_with_every_worker_busy_is_kept(monkeypatch):
    monkeypatch.setattr(run, "connections_per_worker", lambda port: [3, 1])
    monkeypatch.setattr(run, "wrk", lambda url, **kwargs: make_load(4000.0))

    load = run.measured_wrk(FakeServer(), "/", duration=0, connections=4, threads=2)

    assert (load.rps, load.repeated) == (4000.0, 0)


def test_repeats_stop_after_the_limit_and_keep_the_last_run(monkeypatch):
    calls = []
    monkeypatch.setattr(run, "connections_per_worker", lambda port: [4])
    monkeypatch.setattr(run, "wrk", lambda url, **kwargs: calls.append(url) or make_load(1700.0))

    load = run.measured_wrk(FakeServer(), "/", duration=0, connections=4, threads=2)

    assert len(calls) == run.MAX_REPEATS + 1
    assert load.repeated == run.MAX_REPEATS


def test_connections_are_counted_per_process_holding_them():
    if run.shutil.which("ss") is None:
        pytest.skip("ss (iproute2) is not installed")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    accepted = [listener.accept()[0] for _ in clients]
    try:
        # Three server-side sockets, all held by this process.
        assert run.connections_per_worker(port) == [3]
    finally:
        for sock in clients + accepted + [listener]:
            sock.close()


def test_the_report_says_how_many_runs_were_repeated():
    page = PageResult("home", "/", status=200, bytes=20000, queries=2)
    page.cold = make_load(150.0, [2, 2], repeated=1)
    page.baseline_cold = make_load(4400.0, [2, 2], repeated=2)
    result = RunResult(
        label="t", command="python bench/run.py", date="2026-11-27 21:00 UTC", commit="abc", articles=100,
        database="PostgreSQL", workers=2, connections=4, duration=6, cpu_count=2, load_average_before=[0.1, 0.1, 0.1],
        rounds=1, baseline_before=make_load(4300.0, [2, 2]), pages=[page],
    )  # fmt: skip

    assert "3 runs were repeated because one worker held all of them" in render(result)


def test_timer_sampling_runs_while_wrk_runs(monkeypatch):
    # The sample is taken from another thread while wrk runs; measured_wrk waits for it.
    sampled = threading.Event()

    def spread(port):
        sampled.set()
        return [2, 2]

    monkeypatch.setattr(run, "connections_per_worker", spread)
    monkeypatch.setattr(run, "wrk", lambda url, **kwargs: (sampled.wait(5), make_load(4000.0))[1])

    load = run.measured_wrk(FakeServer(), "/", duration=0.01, connections=4, threads=2)

    assert load.connections_per_worker == [2, 2]


def test_the_report_flags_a_page_whose_runs_stayed_lopsided():
    kept = PageResult("home", "/", status=200, bytes=20000, queries=2)
    kept.cold = make_load(150.0, [2, 2])
    lopsided = PageResult("RSS feed", "/rss/", status=200, bytes=9000, queries=2)
    lopsided.cold = make_load(120.0, [4], repeated=run.MAX_REPEATS)
    result = RunResult(
        label="t", command="python bench/run.py", date="2026-11-27 21:00 UTC", commit="abc", articles=100,
        database="PostgreSQL", workers=2, connections=4, duration=6, cpu_count=2, load_average_before=[0.1, 0.1, 0.1],
        rounds=1, pages=[kept, lopsided],
    )  # fmt: skip

    rows = {line.split(" (`")[0].lstrip("| "): line for line in render(result).splitlines() if line.startswith("| ")}
    assert "one worker held every connection" in rows["RSS feed"]
    assert "one worker held every connection" not in rows["home"]


def test_rounds_combine_into_one_load_over_their_total_time():
    rounds = [make_load(2000.0, [2, 2]), make_load(2600.0, [3, 1], repeated=1), make_load(2300.0, [2, 2])]
    rounds[1].p99 = 9.0

    load = run.combined(rounds)

    assert load.requests == sum(r.requests for r in rounds) and load.seconds == 18.0
    assert load.rps == pytest.approx(2300.0, abs=0.1)
    assert (load.p99, load.max, load.repeated, load.rounds) == (2.5, 5.0, 1, 3)


def test_a_ratio_compares_the_page_with_the_baseline_run_in_alternation_with_it():
    page = PageResult("article", "/bai-viet/x/", status=200, bytes=14000, queries=1)
    page.cold = run.combined([make_load(2000.0), make_load(2400.0)])
    page.baseline_cold = run.combined([make_load(4000.0), make_load(4800.0)])
    result = RunResult(
        label="t", command="python bench/run.py", date="2026-11-27 21:00 UTC", commit="abc", articles=100,
        database="PostgreSQL", workers=2, connections=4, duration=6, cpu_count=2, load_average_before=[0.1, 0.1, 0.1],
        rounds=2, baseline_before=make_load(9000.0), baseline_after=make_load(9000.0), pages=[page],
    )  # fmt: skip

    assert "| article uncached ≥ 0.5 × baseline | 0.50 × | met |" in render(result)


def test_lighthouse_runs_again_when_its_trace_recording_failed(monkeypatch, tmp_path):
    reports = iter(
        [
            {"runtimeError": {"code": "NO_NAVSTART"}, "categories": {"performance": {"score": None}}},
            {"categories": {"performance": {"score": 1.0}, "seo": {"score": 0.96}}},
        ]
    )
    out = tmp_path / "lighthouse.json"

    def fake_run(command, **kwargs):
        out.write_text(json.dumps(next(reports)))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    monkeypatch.setattr(run, "BENCH", tmp_path)
    (tmp_path / "node_modules" / ".bin").mkdir(parents=True)
    (tmp_path / "node_modules" / ".bin" / "lighthouse").touch()

    assert run.lighthouse("http://127.0.0.1:1/", out) == {"performance": 100, "seo": 96}
