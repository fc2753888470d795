"""Markdown tables for docs/performance.md from a benchmark run (bench/run.py)."""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

TARGET_UNCACHED_ARTICLE = 0.5
TARGET_CACHED = 0.8
TARGET_SEARCH_P95_MS = 50
TARGET_DEEP_PAGE = 2.0
TARGET_QUERIES = 8
TARGET_LIGHTHOUSE = 95
CATEGORIES = [("performance", "Performance"), ("accessibility", "Accessibility"), ("best-practices", "Best practices"),
              ("seo", "SEO")]  # fmt: skip


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def baseline_runs(result: Any) -> list[float]:
    """requests/s of every baseline run: before and after the pages, and the one before each page."""
    runs = [_get(result, "baseline_before"), _get(result, "baseline_after")]
    runs += [_get(page, f"baseline_{mode}") for page in _get(result, "pages") for mode in ("cold", "warm")]
    return [_get(run, "rps") for run in runs if run]


def baseline_rps(result: Any) -> float | None:
    """The reference for the ratios: the median of the run's baseline measurements (robust to the
    bursts of other work on a shared machine, which move a single 10-second run by a factor of 3)."""
    runs = baseline_runs(result)
    return statistics.median(runs) if runs else None


def ratio(page: Any, mode: str, base: float | None) -> float | None:
    """The page's requests/s over the baseline's: the baseline measured in alternation with the page when
    the run has rounds (newer runs), else `base`, the median of the run's baseline measurements."""
    load, paired = _get(page, mode), _get(page, f"baseline_{mode}")
    if load and paired and _get(paired, "rounds"):
        return _get(load, "rps") / _get(paired, "rps")
    return _get(load, "rps") / base if load and base else None


def _lopsided(load: Any, workers: int) -> bool:
    """A run in which fewer workers than could held wrk's connections (see bench/run.py: measured_wrk)."""
    spread = _get(load, "connections_per_worker") if load else None
    return bool(spread) and len(spread) < min(workers, _get(load, "connections"))


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def _mark(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def render(result: Any) -> str:
    base = baseline_rps(result)
    pages = _get(result, "pages")
    lines = [
        f"Command: `{_get(result, 'command')}`  ",
        f"Date: {_get(result, 'date')}, commit `{_get(result, 'commit')}`, {_get(result, 'articles'):,} published "
        f"articles on {_get(result, 'database')}.  ".replace(",", " "),
        f"gunicorn {_get(result, 'workers')} workers (DEBUG off, production settings) and wrk on the same "
        f"{_get(result, 'cpu_count')}-core machine, 127.0.0.1, {_get(result, 'connections')} connections, "
        f"{_get(result, 'duration')} s per run; load average before the run: "
        f"{' / '.join(str(x) for x in _get(result, 'load_average_before'))}.",
        "",
    ]
    runs = baseline_runs(result)
    if runs:
        lines += [
            f"Baseline (bare Django view, the article page's bytes from memory): {len(runs)} runs, before the "
            f"pages, after them and (newer runs) right before each page: {_fmt(min(runs))} to {_fmt(max(runs))} "
            + (
                f"req/s. Each page ran in {_get(result, 'rounds')} rounds, each right after a run of the baseline; "
                "the *base req/s* columns give those baseline runs together, and each ratio compares the page "
                "with them."
                if _get(result, "rounds")
                else f"req/s. Ratios use their median, {_fmt(base)} req/s; the *base req/s* columns give the run "
                "just before each page."
            ),
            "",
        ]
    loads = [_get(result, "baseline_before"), _get(result, "baseline_after")]
    loads += [_get(page, key) for page in pages for key in ("cold", "warm", "baseline_cold", "baseline_warm")]
    repeated = sum(_get(load, "repeated") or 0 for load in loads if load)
    if any(load and _get(load, "connections_per_worker") for load in loads):
        lines += [
            f"Every run was checked halfway through for how wrk's connections fell on the workers; {repeated} "
            f"{'run was' if repeated == 1 else 'runs were'} repeated because one worker held all of them "
            "(see `measured_wrk` in bench/run.py).",
            "",
        ]
    lines += [
        "| page | KB | SQL | cold req/s | cold p50 ms | cold p95 ms | cold p99 ms | base req/s | cold × base "
        "| warm req/s | warm p50 ms | warm p95 ms | warm p99 ms | base req/s | warm × base |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for page in pages:
        cells = [f"{_get(page, 'name')} (`{_get(page, 'url')}`)" if _get(page, "url") else _get(page, "name")]
        cells.append(_fmt(_get(page, "bytes") / 1024 if _get(page, "bytes") else None))
        cells.append(str(_get(page, "queries")) if _get(page, "queries") is not None else "–")
        for mode in ("cold", "warm"):
            load = _get(page, mode)
            if load:
                rps = _get(load, "rps")
                cells += [_fmt(rps), _fmt(_get(load, "p50"), 2), _fmt(_get(load, "p95"), 2), _fmt(_get(load, "p99"), 2)]
                paired = _get(page, f"baseline_{mode}")
                cells.append(_fmt(_get(paired, "rps")) if paired else "–")
                cells.append(_fmt(ratio(page, mode, base), 2))
            else:
                cells += ["–"] * 6
        if _get(page, "note"):
            cells[0] += f" — {_get(page, 'note')}"
        lopsided = [mode for mode in ("cold", "warm") if _lopsided(_get(page, mode), _get(result, "workers"))]
        if lopsided:
            cells[0] += f" — {' and '.join(lopsided)}: one worker held every connection, even after repeats"
        lines.append("| " + " | ".join(cells) + " |")

    by_name = {_get(page, "name"): page for page in pages}
    lines += ["", "| target | figure | |", "|---|---|---|"]
    article = by_name.get("article")
    article_ratio = ratio(article, "cold", base) if article else None
    if article_ratio is not None:
        lines.append(f"| article uncached ≥ {TARGET_UNCACHED_ARTICLE} × baseline | {article_ratio:.2f} × | "
                     f"{_mark(article_ratio >= TARGET_UNCACHED_ARTICLE)} |")  # fmt: skip
    warm = [(_get(p, "name"), ratio(p, "warm", base)) for p in pages if ratio(p, "warm", base) is not None]
    if warm:
        low = [f"{name} {value:.2f}" for name, value in warm if value < TARGET_CACHED]
        worst = min(value for _, value in warm)
        text = f"lowest {worst:.2f} ×" + (f"; below: {', '.join(low)}" if low else "")
        lines.append(f"| cached anonymous pages ≥ {TARGET_CACHED} × baseline | {text} | {_mark(not low)} |")
    for name in ("search (diacritics)", "search (no diacritics)"):
        page = by_name.get(name)
        if not page:
            continue
        figures = []
        for mode in ("cold", "warm"):
            load, single = _get(page, mode), _get(page, f"single_user_{mode}")
            if load:
                figures.append(f"{mode}: {_fmt(_get(load, 'p95'), 1)} ms under load")
            if single:
                figures.append(f"{mode}: {_fmt(_get(single, 'p95'), 1)} ms for one user")
        # Judged on the uncached search for one user: under wrk's 4 connections on 2 workers the
        # p95 also holds the time a request waits for a free worker.
        single = _get(page, "single_user_cold")
        ok = None if not single else _get(single, "p95") < TARGET_SEARCH_P95_MS
        lines.append(
            f"| {name} p95 < {TARGET_SEARCH_P95_MS} ms (judged uncached, one user) "
            f"| {'; '.join(figures) or '–'} | {_mark(ok)} |"
        )
    home, deep = by_name.get("home"), by_name.get("list, page 2000")
    if home and deep and _get(home, "cold") and _get(deep, "cold"):
        deep_ratio = _get(_get(deep, "cold"), "p50") / _get(_get(home, "cold"), "p50")
        lines.append(f"| page 2000 ≤ {TARGET_DEEP_PAGE} × page 1 latency (cold p50) | {deep_ratio:.2f} × | "
                     f"{_mark(deep_ratio <= TARGET_DEEP_PAGE)} |")  # fmt: skip
    counted = [(_get(p, "name"), _get(p, "queries")) for p in pages if _get(p, "queries") is not None]
    if counted:
        worst_name, worst_count = max(counted, key=lambda item: item[1])
        lines.append(f"| ≤ {TARGET_QUERIES} SQL queries per public page | most: {worst_count} ({worst_name}) | "
                     f"{_mark(worst_count <= TARGET_QUERIES)} |")  # fmt: skip

    scores = _get(result, "lighthouse") or {}
    if scores:
        lines += ["", "| Lighthouse (mobile) | " + " | ".join(label for _, label in CATEGORIES) + " |",
                  "|---|" + "--:|" * len(CATEGORIES)]  # fmt: skip
        for name, by_category in scores.items():
            lines.append(f"| {name} | " + " | ".join(str(by_category.get(key, "–")) for key, _ in CATEGORIES) + " |")
        low = [f"{n} {k} {s}" for n, c in scores.items() for k, s in c.items() if s < TARGET_LIGHTHOUSE]
        lines.append("")
        detail = f" ({', '.join(low)})" if low else ""
        lines.append(f"Lighthouse ≥ {TARGET_LIGHTHOUSE} everywhere: {_mark(not low)}{detail}")
    for note in _get(result, "notes") or []:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines) + "\n"


def write_report(path: Path, result: Any) -> None:
    label = _get(result, "label")
    start, end = f"<!-- bench:{label}:start -->", f"<!-- bench:{label}:end -->"
    section = f"{start}\n{render(result)}{end}"
    text = path.read_text() if path.exists() else "# Performance\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + f"\n\n## Run: {label}\n\n{section}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
