"""The benchmark repeats a wrk run in which one gunicorn worker held every connection, and combines rounds."""

import shutil
import socket
import threading

import pytest

from bench import load
from bench.tests.helpers import make_load


class FakeServer:
    port = 1
    workers = 2
    url = "http://127.0.0.1:1"


def test_a_run_where_one_worker_held_every_connection_is_repeated(monkeypatch):
    spreads = iter([[4], [4], [2, 2]])
    speeds = iter([1670.0, 1680.0, 4400.0])
    monkeypatch.setattr(load, "connections_per_worker", lambda port: next(spreads))
    monkeypatch.setattr(load, "wrk", lambda url, **kwargs: make_load(next(speeds)))

    run = load.measured_wrk(FakeServer(), "/", duration=0, connections=4, threads=2)

    assert (run.rps, run.connections_per_worker, run.repeated) == (4400.0, [2, 2], 2)


def test_a_run_with_every_worker_busy_is_kept(monkeypatch):
    monkeypatch.setattr(load, "connections_per_worker", lambda port: [3, 1])
    monkeypatch.setattr(load, "wrk", lambda url, **kwargs: make_load(4000.0))

    run = load.measured_wrk(FakeServer(), "/", duration=0, connections=4, threads=2)

    assert (run.rps, run.repeated) == (4000.0, 0)


def test_repeats_stop_after_the_limit_and_keep_the_last_run(monkeypatch):
    calls = []
    monkeypatch.setattr(load, "connections_per_worker", lambda port: [4])
    monkeypatch.setattr(load, "wrk", lambda url, **kwargs: calls.append(url) or make_load(1700.0))

    run = load.measured_wrk(FakeServer(), "/", duration=0, connections=4, threads=2)

    assert len(calls) == load.MAX_REPEATS + 1
    assert run.repeated == load.MAX_REPEATS


def test_connections_are_counted_per_process_holding_them():
    if shutil.which("ss") is None:
        pytest.skip("ss (iproute2) is not installed")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    accepted = [listener.accept()[0] for _ in clients]
    try:
        # Three server-side sockets, all held by this process.
        assert load.connections_per_worker(port) == [3]
    finally:
        for sock in clients + accepted + [listener]:
            sock.close()


def test_timer_sampling_runs_while_wrk_runs(monkeypatch):
    # The sample is taken from another thread while wrk runs; measured_wrk waits for it.
    sampled = threading.Event()

    def spread(port):
        sampled.set()
        return [2, 2]

    monkeypatch.setattr(load, "connections_per_worker", spread)
    monkeypatch.setattr(load, "wrk", lambda url, **kwargs: (sampled.wait(5), make_load(4000.0))[1])

    run = load.measured_wrk(FakeServer(), "/", duration=0.01, connections=4, threads=2)

    assert run.connections_per_worker == [2, 2]


def test_rounds_combine_into_one_load_over_their_total_time():
    rounds = [make_load(2000.0, [2, 2]), make_load(2600.0, [3, 1], repeated=1), make_load(2300.0, [2, 2])]
    rounds[1].p99 = 9.0

    run = load.combined(rounds)

    assert run.requests == sum(r.requests for r in rounds) and run.seconds == 18.0
    assert run.rps == pytest.approx(2300.0, abs=0.1)
    assert (run.p99, run.max, run.repeated, run.rounds) == (2.5, 5.0, 1, 3)
