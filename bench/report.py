"""The figures of a benchmark run (bench/run.py) against issue 14's targets, and their Markdown for
docs/performance.md.

    .venv/bin/python bench/report.py bench/results/reference.json     # print a stored run's tables again

Works on the run as a plain dict (its JSON), so a stored run renders the same way as a fresh one.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TARGET_CACHED = 0.8
TARGET_UNCACHED_ARTICLE = 0.1
TARGET_UNCACHED_LIST = 0.08
TARGET_DEEP_LATENCY = 2.0
TARGET_SEARCH_P95_MS = 50.0
TARGET_QUERIES = 8
TARGET_LIGHTHOUSE = 95
TARGET_CACHING_LINES = 400
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# Lists measured without the page cache, each page 1 with its deep page.
LISTS = (
    ("latest", "latest_deep"),
    ("agency", "agency_deep"),
    ("official", "official_deep"),
    ("programme", "programme_deep"),
)
SEARCHES = ("search_marks", "search_plain")
START, END = "<!-- bench:figures:start -->", "<!-- bench:figures:end -->"


@dataclass
class Figure:
    figure: str
    target: str
    value: str
    met: bool | None  # None: not measured in this run


def ratio(page: dict[str, Any], mode: str) -> float | None:
    """The page's requests/s over the baseline's, measured in alternation with it (bench/run.py)."""
    load, base = page.get(mode), page.get(f"baseline_{mode}")
    return load["rps"] / base["rps"] if load and base and base["rps"] else None


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} ×"


def _at_least(value: float | None, target: float) -> bool | None:
    return None if value is None else value >= target


def figures(result: dict[str, Any]) -> list[Figure]:
    pages = {page["key"]: page for page in result["pages"]}
    out: list[Figure] = []
    for page in result["pages"]:
        if page.get("cached"):
            value = ratio(page, "cached")
            out.append(
                Figure(
                    f"cached: {page['name']}",
                    f"≥ {TARGET_CACHED} × baseline",
                    _times(value),
                    _at_least(value, TARGET_CACHED),
                )
            )
    if (article := pages.get("article")) and article.get("uncached"):
        value = ratio(article, "uncached")
        out.append(
            Figure(
                "no page cache: article",
                f"≥ {TARGET_UNCACHED_ARTICLE} × baseline",
                _times(value),
                _at_least(value, TARGET_UNCACHED_ARTICLE),
            )
        )
    if (front := pages.get("front")) and front.get("uncached"):
        value = ratio(front, "uncached")
        out.append(
            Figure(
                "no page cache: front page",
                f"≥ {TARGET_UNCACHED_LIST} × baseline",
                _times(value),
                _at_least(value, TARGET_UNCACHED_LIST),
            )
        )
    for first_key, deep_key in LISTS:
        first, deep = pages.get(first_key), pages.get(deep_key)
        for page in (first, deep):
            if page and page.get("uncached"):
                value = ratio(page, "uncached")
                out.append(
                    Figure(
                        f"no page cache: {page['name']}",
                        f"≥ {TARGET_UNCACHED_LIST} × baseline",
                        _times(value),
                        _at_least(value, TARGET_UNCACHED_LIST),
                    )
                )
        if first and deep and first.get("uncached") and deep.get("uncached"):
            slower = deep["uncached"]["p50"] / first["uncached"]["p50"]
            out.append(
                Figure(
                    f"no page cache: {deep['name']} latency (p50 under load) over page 1's "
                    f"({deep['uncached']['p50']:.1f} / {first['uncached']['p50']:.1f} ms)",
                    f"≤ {TARGET_DEEP_LATENCY} ×",
                    _times(slower),
                    slower <= TARGET_DEEP_LATENCY,
                )
            )
    for key in SEARCHES:
        if (page := pages.get(key)) and page.get("single_user"):
            p95 = page["single_user"]["p95"]
            out.append(
                Figure(
                    f"{page['name']}: p95, one user, no page cache",
                    f"< {TARGET_SEARCH_P95_MS:.0f} ms",
                    f"{p95:.1f} ms",
                    p95 < TARGET_SEARCH_P95_MS,
                )
            )
    counted = [(page["queries"], page["name"]) for page in result["pages"] if page.get("queries") is not None]
    if counted:
        most, name = max(counted)
        out.append(
            Figure(
                f"SQL queries per public page ({len(counted)} pages, rendered)",
                f"≤ {TARGET_QUERIES}",
                f"at most {most} ({name})",
                most <= TARGET_QUERIES,
            )
        )
    for name, scores in (result.get("lighthouse") or {}).items():
        values: list[int | None] = [scores.get(category) for category in CATEGORIES]
        known = [value for value in values if value is not None]
        met = min(known) >= TARGET_LIGHTHOUSE if len(known) == len(values) else None
        out.append(
            Figure(
                f"Lighthouse, {name} (performance / accessibility / best practices / SEO)",
                f"≥ {TARGET_LIGHTHOUSE} each",
                " / ".join(str(v) for v in values),
                met,
            )
        )
    if lines := result.get("caching_code"):
        out.append(
            Figure(
                "product code for caching: lines of code in " + ", ".join(f"`{path}`" for path in lines["paths"]),
                f"≤ {TARGET_CACHING_LINES}",
                f"{lines['code']} ({lines['without_docstrings']} without docstrings)",
                lines["code"] <= TARGET_CACHING_LINES,
            )
        )
    return out


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def _mark(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "**missed**")


def _lopsided(load: dict[str, Any] | None, workers: int) -> bool:
    """A run in which fewer workers than could held wrk's connections (see bench/load.py: measured_wrk)."""
    if not load or not load.get("connections_per_worker"):
        return False
    return len(load["connections_per_worker"]) < min(workers, load["connections"])


def _load_cells(page: dict[str, Any], mode: str) -> list[str]:
    load, base = page.get(mode), page.get(f"baseline_{mode}")
    if not load:
        return ["–"] * 5
    return [
        _fmt(load["rps"]),
        _fmt(load["p50"], 2),
        _fmt(load["p99"], 2),
        _fmt(base["rps"] if base else None),
        _times(ratio(page, mode)),
    ]


def render(result: dict[str, Any]) -> str:
    machine = result["machine"]
    modes = ("uncached", "cached", "baseline_uncached", "baseline_cached")
    every = [result.get("baseline_before"), result.get("baseline_after")]
    every += [page.get(key) for page in result["pages"] for key in modes]
    loads: list[dict[str, Any]] = [load for load in every if load]
    baselines = [load["rps"] for load in [result.get("baseline_before"), result.get("baseline_after")] if load]
    baselines += [
        page[key]["rps"]
        for page in result["pages"]
        for key in ("baseline_uncached", "baseline_cached")
        if page.get(key)
    ]
    repeated = sum(load.get("repeated") or 0 for load in loads)
    lines = [
        f"Command: `{result['command']}`  ",
        f"Date: {result['date']}, commit `{result['commit']}`.  ",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; load average before the "
        f"run {' / '.join(str(x) for x in result['load_average_before'])}, after "
        f"{' / '.join(str(x) for x in result['load_average_after'])}.  ",
        f"{result['articles']:,} published articles on {result['database']}; gunicorn {result['workers']} workers "
        f"and wrk on the same machine, {result['connections']} connections, {result['rounds']} round(s) of "
        f"{result['duration']} s per page, each after a run of the baseline.".replace(",", " ", 1),
        "",
    ]
    if baselines:
        lines += [
            f"Baseline (bench/baseline.py): {len(baselines)} runs, {_fmt(min(baselines))} to {_fmt(max(baselines))} "
            f"req/s. {repeated} {'run was' if repeated == 1 else 'runs were'} repeated because one gunicorn worker "
            "held all of wrk's connections.",
            "",
        ]
    lines += [
        "| figure | target | measured | |",
        "|---|---|---|---|",
        *(f"| {f.figure} | {f.target} | {f.value} | {_mark(f.met)} |" for f in figures(result)),
        "",
        "| page | KB | SQL | no cache req/s | p50 ms | p99 ms | base req/s | × base "
        "| cached req/s | p50 ms | p99 ms | base req/s | × base |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for page in result["pages"]:
        name = f"{page['name']} (`{page['url']}`)" if page.get("url") else page["name"]
        if page.get("note"):
            name += f" — {page['note']}"
        lopsided = [mode for mode in ("uncached", "cached") if _lopsided(page.get(mode), result["workers"])]
        if lopsided:
            name += f" — {' and '.join(lopsided)}: one worker held every connection, even after repeats"
        size = _fmt(page["bytes"] / 1024) if page.get("bytes") else "–"
        queries = str(page["queries"]) if page.get("queries") is not None else "–"
        cells = [name, size, queries, *_load_cells(page, "uncached"), *_load_cells(page, "cached")]
        lines.append("| " + " | ".join(cells) + " |")
    for note in result.get("notes") or []:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines) + "\n"


def summary(result: dict[str, Any]) -> str:
    measured = [f for f in figures(result) if f.met is not None]
    missed = [f.figure for f in measured if not f.met]
    text = f"{len(measured) - len(missed)} of {len(measured)} figures met"
    return text + (f"; missed: {'; '.join(missed)}" if missed else "")


def write_docs(path: Path, result: dict[str, Any]) -> None:
    """Replace the figures between the markers of docs/performance.md (appended when missing)."""
    section = f"{START}\n{render(result)}{END}"
    text = path.read_text() if path.exists() else "# Performance\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + f"\n\n## Latest figures\n\n{section}\n"
    path.write_text(text)


if __name__ == "__main__":
    stored = json.loads(Path(sys.argv[1]).read_text())
    print(render(stored))
    print(summary(stored))
