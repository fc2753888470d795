"""Browser tests skip when their tools are missing, unless REQUIRE_BROWSER_TESTS=1 (CI) makes that a failure."""

import pytest

from tests.browser import harness


def test_missing_browser_tool_skips_with_a_message_saying_what_to_install(monkeypatch):
    monkeypatch.delenv("REQUIRE_BROWSER_TESTS", raising=False)
    monkeypatch.setattr(harness, "CHROMIUM", harness.Path("/khong-co/chromium"))
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed at /khong-co/chromium"):
        harness.require_chromium()


def test_missing_browser_tool_fails_when_browser_tests_are_required(monkeypatch):
    monkeypatch.setenv("REQUIRE_BROWSER_TESTS", "1")
    monkeypatch.setattr(harness, "CHROMIUM", harness.Path("/khong-co/chromium"))
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER_TESTS=1.*Chromium is not installed"):
        harness.require_chromium()


def test_present_browser_tool_neither_skips_nor_fails(monkeypatch, tmp_path):
    monkeypatch.setenv("REQUIRE_BROWSER_TESTS", "1")
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    monkeypatch.setattr(harness, "CHROMIUM", chromium)
    harness.require_chromium()
