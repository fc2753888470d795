"""The site under test: an archive of the right size is migrated, not regenerated; the uncached settings lose only
the page cache; the results folder keeps one reference file."""

import importlib
import subprocess
from pathlib import Path

import pytest

from bench import site

ROOT = Path(__file__).resolve().parents[2]


class Commands:
    """The commands ensure_archive runs, recorded instead of run; `count`: the published articles found."""

    def __init__(self) -> None:
        self.ran: list[list[str]] = []
        self.count = 0


@pytest.fixture
def commands(monkeypatch, tmp_path):
    recorded = Commands()
    monkeypatch.setattr(site.subprocess, "run", lambda command, **kwargs: recorded.ran.append(command))
    monkeypatch.setattr(site, "django_script", lambda env, code: f"{recorded.count}\n")
    monkeypatch.setattr(site, "vacuum_analyze", lambda url: recorded.ran.append(["VACUUM"]))
    monkeypatch.setattr(site, "DATA", tmp_path)
    return recorded


def test_an_archive_of_the_right_size_is_migrated_and_kept(commands, tmp_path):
    commands.count = 100_000

    generated = site.ensure_archive({}, database_url="postgres://db/bench", articles=100_000)

    assert not generated
    assert commands.ran[0][1:3] == ["manage.py", "migrate"]
    assert not any("bench/generate_archive.py" in command for command in commands.ran)
    assert commands.ran[-1] == ["VACUUM"]
    assert (tmp_path / "media" / "bench" / "anh-1.jpg").exists()  # the pictures the articles show


def test_an_archive_of_another_size_is_generated_after_migrating(commands):
    commands.count = 2_000

    assert site.ensure_archive({}, database_url="postgres://db/bench", articles=100_000)
    assert commands.ran[0][1:3] == ["manage.py", "migrate"]
    assert commands.ran[1][1:4] == ["bench/generate_archive.py", "--articles", "100000"]


def test_regenerate_replaces_an_archive_of_the_right_size(commands):
    commands.count = 100_000

    assert site.ensure_archive({}, database_url="postgres://db/bench", articles=100_000, regenerate=True)


def test_the_uncached_settings_are_production_without_the_page_cache_middleware():
    uncached = importlib.import_module("bench.settings_uncached")
    production = importlib.import_module("cms.settings")

    assert uncached.PAGE_CACHE_MIDDLEWARE in production.MIDDLEWARE
    kept = [name for name in production.MIDDLEWARE if name != uncached.PAGE_CACHE_MIDDLEWARE]
    assert kept == uncached.MIDDLEWARE
    assert (uncached.DATABASES, uncached.CACHES, uncached.SESSION_ENGINE) == (
        production.DATABASES, production.CACHES, production.SESSION_ENGINE)  # fmt: skip


def test_the_results_folder_keeps_only_the_reference_file_in_git():
    def ignored(name: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", f"bench/results/{name}"], cwd=ROOT).returncode == 0

    if subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    assert not ignored("reference.json")
    assert ignored("latest.json") and ignored("smoke.json")
