"""Small builders for the harness's tests: wrk runs and benchmark results as bench/run.py stores them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bench.load import Load


def make_load(rps: float, per_worker: list[int] | None = None, repeated: int = 0, p50: float = 1.0) -> Load:
    return Load(
        requests=int(rps * 6), seconds=6.0, rps=rps, p50=p50, p75=1.2, p90=1.5, p95=1.8, p99=2.5, max=5.0,
        errors=0, connections=4, connections_per_worker=per_worker or [], repeated=repeated,
    )  # fmt: skip


def make_page(key: str, name: str, url: str, **loads: Any) -> dict[str, Any]:
    page: dict[str, Any] = {"key": key, "name": name, "url": url, "status": 200, "bytes": 20480, "queries": 3}
    page.update({mode: asdict(load) if isinstance(load, Load) else load for mode, load in loads.items()})
    return page


def make_result(pages: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "label": "t", "command": "python bench/run.py", "date": "2026-12-02 08:00 UTC", "commit": "abc1234",
        "machine": {"cpu": "Test CPU", "cores": 2, "memory_gb": 4.0, "system": "Linux"}, "articles": 100_000,
        "database": "PostgreSQL", "workers": 2, "connections": 4, "duration": 4, "rounds": 3,
        "load_average_before": [0.5, 0.5, 0.5], "load_average_after": [1.0, 1.0, 1.0],
        "baseline_before": asdict(make_load(4000.0, [2, 2])), "baseline_after": None, "pages": pages,
        "lighthouse": {}, "caching_code": {}, "notes": [], **extra,
    }  # fmt: skip
