"""Every figure of issue 14 is printed with its target and whether the run met it."""

from bench import load
from bench.report import END, START, figures, render, summary, write_docs
from bench.tests.helpers import make_load, make_page, make_result


def full_run() -> dict:
    base = make_load(4000.0, [2, 2])
    pages = [
        make_page("latest", "home (list page 1)", "/", uncached=make_load(400.0, p50=10.0), baseline_uncached=base,
                  cached=make_load(3600.0), baseline_cached=base),
        make_page("latest_deep", "list page 2000", "/?page=2000", uncached=make_load(360.0, p50=25.0),
                  baseline_uncached=base, cached=make_load(3000.0), baseline_cached=base),
        make_page("article", "article", "/bai-viet/x/", uncached=make_load(440.0), baseline_uncached=base,
                  cached=make_load(3400.0), baseline_cached=base),
        make_page("search_marks", "search, diacritics", "/tim-kiem/?q=d%E1%BB%B1", single_user=make_load(40.0),
                  cached=make_load(3300.0), baseline_cached=base),
        make_page("search_plain", "search, no diacritics", "/tim-kiem/?q=du", single_user=make_load(40.0)),
        make_page("agency", "agency page 1", "/co-quan/a/", uncached=make_load(330.0, p50=12.0),
                  baseline_uncached=base),
        make_page("agency_deep", "agency page 878", "/co-quan/a/?page=878", uncached=make_load(340.0, p50=13.0),
                  baseline_uncached=base),
    ]  # fmt: skip
    pages[3]["single_user"]["p95"] = 42.0
    pages[4]["single_user"]["p95"] = 51.0
    pages[5]["queries"] = 9
    return make_result(
        pages,
        lighthouse={"latest": {"performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100},
                    "article": {"performance": 94, "accessibility": 100, "best-practices": 100, "seo": 100}},
        caching_code={"paths": ["articles/pagecache", "cms/cache.py"], "code": 338, "without_docstrings": 298},
    )  # fmt: skip


def test_each_figure_comes_with_its_target_and_met_or_missed():
    rows = {f.figure: (f.target, f.value, f.met) for f in figures(full_run())}

    assert rows["cached: home (list page 1)"] == ("≥ 0.8 × baseline", "0.90 ×", True)
    assert rows["cached: list page 2000"] == ("≥ 0.8 × baseline", "0.75 ×", False)
    assert rows["no page cache: article"] == ("≥ 0.1 × baseline", "0.11 ×", True)
    assert rows["no page cache: home (list page 1)"] == ("≥ 0.08 × baseline", "0.10 ×", True)
    assert rows["no page cache: agency page 1"] == ("≥ 0.08 × baseline", "0.08 ×", True)
    assert rows["no page cache: list page 2000 latency (p50 under load) over page 1's (25.0 / 10.0 ms)"] == (
        "≤ 2.0 ×", "2.50 ×", False)  # fmt: skip
    assert rows["no page cache: agency page 878 latency (p50 under load) over page 1's (13.0 / 12.0 ms)"][2] is True
    assert rows["search, diacritics: p95, one user, no page cache"] == ("< 50 ms", "42.0 ms", True)
    assert rows["search, no diacritics: p95, one user, no page cache"] == ("< 50 ms", "51.0 ms", False)
    assert rows["SQL queries per public page (7 pages, rendered)"] == ("≤ 8", "at most 9 (agency page 1)", False)
    lighthouse = "Lighthouse, {} (performance / accessibility / best practices / SEO)"
    assert rows[lighthouse.format("latest")] == ("≥ 95 each", "100 / 100 / 100 / 100", True)
    assert rows[lighthouse.format("article")][2] is False
    caching = "product code for caching: lines of code in `articles/pagecache`, `cms/cache.py`"
    assert rows[caching] == ("≤ 400", "338 (298 without docstrings)", True)


def test_the_report_prints_the_figures_and_sums_them_up():
    text = render(full_run())

    assert "| cached: list page 2000 | ≥ 0.8 × baseline | 0.75 × | **missed** |" in text
    assert "| no page cache: article | ≥ 0.1 × baseline | 0.11 × | met |" in text
    assert "Machine: Test CPU, 2 cores, 4.0 GB" in text
    assert summary(full_run()).startswith("12 of 17 figures met; missed: cached: list page 2000;")


def test_a_ratio_compares_the_page_with_the_baseline_run_in_alternation_with_it():
    page = make_page("article", "article", "/bai-viet/x/", uncached=load.combined([make_load(400.0), make_load(480.0)]),
                     baseline_uncached=load.combined([make_load(4000.0), make_load(4800.0)]))  # fmt: skip
    result = make_result([page], baseline_before=make_load(9000.0).__dict__)

    assert [(f.value, f.met) for f in figures(result) if f.figure == "no page cache: article"] == [("0.10 ×", True)]


def test_the_report_says_how_many_runs_were_repeated():
    page = make_page("latest", "home (list page 1)", "/", uncached=make_load(150.0, [2, 2], repeated=1),
                     baseline_uncached=make_load(4400.0, [2, 2], repeated=2))  # fmt: skip

    assert "3 runs were repeated because one gunicorn worker held all of wrk's connections" in render(
        make_result([page])
    )


def test_the_report_flags_a_page_whose_runs_stayed_lopsided():
    kept = make_page("latest", "home (list page 1)", "/", uncached=make_load(150.0, [2, 2]))
    lopsided = make_page("rss", "RSS feed", "/rss/", cached=make_load(120.0, [4], repeated=load.MAX_REPEATS))

    rows = {line.split(" (`")[0].lstrip("| "): line for line in render(make_result([kept, lopsided])).splitlines()}
    assert "cached: one worker held every connection" in rows["RSS feed"]
    assert "one worker held every connection" not in rows["home (list page 1)"]


def test_a_figure_not_measured_in_the_run_is_left_out_not_counted_as_met():
    result = make_result([make_page("article", "article", "/bai-viet/x/")])

    assert figures(result) == [next(f for f in figures(result) if f.figure.startswith("SQL queries"))]


def test_the_figures_go_between_the_markers_of_the_docs(tmp_path):
    docs = tmp_path / "performance.md"
    docs.write_text(f"# Performance\n\nHow to run.\n\n{START}\nold figures\n{END}\n\n## What each figure means\n")

    write_docs(docs, full_run())

    text = docs.read_text()
    assert "old figures" not in text and "| no page cache: article | ≥ 0.1 × baseline | 0.11 × | met |" in text
    assert text.startswith("# Performance\n\nHow to run.\n\n") and text.endswith("## What each figure means\n")
