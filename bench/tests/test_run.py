"""How bench/run.py measures pages: alternating with the baseline, flagging a cached page the cache did not keep."""

import argparse

from bench import run
from bench.tests.helpers import make_load


class FakeServer:
    def __init__(self, url: str) -> None:
        self.url = url


def measured(monkeypatch, stored_counts):
    calls = []
    monkeypatch.setattr(run, "fetch", lambda url: (200, b"page", "text/html"))
    monkeypatch.setattr(run, "measured_wrk", lambda server, path, **kw: calls.append((server.url, path)) or
                        make_load(4000.0 if path == run.BASELINE_PATH else 1000.0))  # fmt: skip
    page = run.PageResult(key="latest", name="home (list page 1)", url="/")
    args = argparse.Namespace(duration=1, connections=4, threads=2, rounds=2)
    counts = iter(stored_counts)
    run.measure_pages(FakeServer("site"), FakeServer("base"), [page], "cached", args, stored=lambda: next(counts))
    return page, calls


def test_each_round_runs_the_baseline_then_the_page_and_the_ratio_pairs_them(monkeypatch):
    page, calls = measured(monkeypatch, [3, 4])

    assert calls == [("base", run.BASELINE_PATH), ("site", "/")] * 2
    assert (page.cached.rps, page.baseline_cached.rps, page.cached.rounds, page.note) == (1000.0, 4000.0, 2, "")


def test_a_cached_page_the_page_cache_did_not_store_is_flagged(monkeypatch):
    page, _ = measured(monkeypatch, [3, 3])

    assert page.note.startswith("not stored by the page cache")


def test_the_command_is_kept_without_its_notes():
    argv = ["--label", "reference", "--note", "shared machine; short runs", "--duration", "2", "--note=again"]

    assert run.command_line(argv) == "python bench/run.py --label reference --duration 2"
