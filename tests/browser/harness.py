"""What the browser tests need besides Playwright: finding the tools, axe-core, the Nu HTML Checker, screenshots.

Missing tools skip the browser tests with a message saying what to install; with REQUIRE_BROWSER_TESTS=1 (set
by `.ci/run`) the same message fails the test instead, so CI cannot pass without them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# Every WCAG 2.0 and 2.1 rule of level A and AA that axe-core knows.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def browser_tests_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER_TESTS", "").strip().lower() in {"1", "true", "yes"}


def require(available: bool, what: str) -> None:
    """Skip (or, under REQUIRE_BROWSER_TESTS=1, fail) when a tool the browser tests need is missing."""
    if available:
        return
    if browser_tests_required():
        pytest.fail(f"Browser tests required (REQUIRE_BROWSER_TESTS=1) but {what}", pytrace=False)
    pytest.skip(f"Browser test skipped: {what}")


def require_chromium() -> None:
    require(
        CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
        f"Chromium is not installed at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)",
    )


def require_axe() -> None:
    require(AXE_SCRIPT.is_file(), f"axe-core is missing ({AXE_SCRIPT}); run `npm ci` (make test does when npm exists)")


def require_vnu() -> None:
    require(shutil.which("java") is not None, "Java is not installed (apt-get install default-jre-headless)")
    require(VNU_JAR.is_file(), f"the Nu HTML Checker is missing ({VNU_JAR}); run `npm ci`")


# --- axe-core -------------------------------------------------------------------------------------------------


def axe_violations(page) -> list[dict]:
    """Runs axe-core in the page (and its frames, such as CKEditor's) and returns the WCAG A/AA violations."""
    source = AXE_SCRIPT.read_text(encoding="utf-8")
    for frame in page.frames:
        if frame.is_detached() or frame.url.startswith(("chrome-error:",)):
            continue
        # evaluate(), unlike a <script> tag, is not subject to the page's Content-Security-Policy.
        frame.evaluate(source)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations;
        }""",
        AXE_TAGS,
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"      {line}" for line in summary.splitlines()[:4])
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


# --- Nu HTML Checker ------------------------------------------------------------------------------------------


# A page with one known error goes into every run: the checker reports nothing at all both for valid pages and
# for files it could not read, so the canary's error is the proof that it really checked the batch.
CANARY = "__canary__"
CANARY_HTML = '<!DOCTYPE html><html lang="vi"><head><title>canary</title></head><body><p>canary</p></div></body></html>'


def html_errors(pages: dict[str, str]) -> dict[str, list[str]]:
    """Validates several HTML documents in one run of the Nu HTML Checker; returns the errors per page name."""
    errors: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names_by_file = {}
        for number, (name, html) in enumerate({**pages, CANARY: CANARY_HTML}.items()):
            path = Path(folder) / f"page-{number:03d}.html"
            path.write_text(html, encoding="utf-8")
            names_by_file[path.name] = name
        completed = subprocess.run(
            [
                "java",
                "-XX:TieredStopAtLevel=1",  # a one-shot run: quick start-up beats peak speed
                "-Xss4m",  # the checker's schema needs a deep stack (it says 512k at least)
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *sorted(str(Path(folder) / file) for file in names_by_file),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    try:
        report = json.loads(completed.stderr)
    except json.JSONDecodeError as error:
        raise AssertionError(f"The Nu HTML Checker did not report in JSON: {completed.stdout[:2000]}") from error
    for message in report["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        file = re.sub(r"^.*/", "", message.get("url", ""))
        name = names_by_file.get(file, file or "?")
        extract = (message.get("extract") or "").replace("\n", " ")
        errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message['message']}  «{extract}»")
    assert errors.pop(CANARY, None), f"The Nu HTML Checker did not check the pages: {completed.stdout[:2000]}"
    return errors


def describe_html_errors(errors: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}:\n" + "\n".join(f"  - {line}" for line in lines) for name, lines in errors.items())


# --- journeys -------------------------------------------------------------------------------------------------


def screenshot_folder(test_name: str) -> Path:
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", test_name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Journey:
    """One visitor's walk through the site: every page it lands on is photographed and checked with axe-core.

    `arrive(step)` is called on each page; `finish()` fails if the page navigated somewhere that was never
    checked, so no page of a journey escapes the accessibility check, or if a script failed on the way
    (an uncaught exception or a console error).
    """

    page: Page
    base_url: str
    folder: Path
    steps: int = 0
    navigated: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    page_errors: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.page.on("framenavigated", self._on_navigation)
        self.page.on("response", self._on_response)
        self.page.on("pageerror", lambda error: self.page_errors.append(f"{self.page.url}: {error}"))
        self.page.on("console", self._on_console)

    def _on_navigation(self, frame) -> None:
        if frame == self.page.main_frame:
            self.navigated.append(frame.url)

    def _on_console(self, message) -> None:
        # Failed downloads are reported as console errors too; pages' own status is checked in arrive().
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.page_errors.append(f"{self.page.url}: console: {message.text}")

    def _on_response(self, response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.statuses[response.url] = response.status

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def open(self, path: str, step: str):
        response = self.page.goto(self.url(path))
        assert response is not None and response.ok, f"{step}: {path} answered {response and response.status}"
        self.arrive(step)
        return response

    def arrive(self, step: str) -> None:
        """Photographs the page the visitor is on; fails on an HTTP error page or any axe-core violation."""
        self.page.wait_for_load_state("load")
        self.steps += 1
        self.page.screenshot(path=self.folder / f"{self.steps:02d}-{step}.png", full_page=True)
        status = self.statuses.get(self.page.url)
        assert status is None or status < 400, f"{step}: {self.page.url} answered {status}"
        violations = axe_violations(self.page)
        assert not violations, f"axe-core on {step} ({self.page.url}):\n{describe_violations(violations)}"
        self.checked.add(self.page.url)

    def shot(self, step: str) -> None:
        """A screenshot of an intermediate state of the same page (a filled form, an open dialog)."""
        self.steps += 1
        self.page.screenshot(path=self.folder / f"{self.steps:02d}-{step}.png", full_page=True)

    def finish(self) -> None:
        unchecked = [url for url in dict.fromkeys(self.navigated) if url not in self.checked and url != "about:blank"]
        assert not unchecked, f"pages visited without an accessibility check: {unchecked}"
        assert not self.page_errors, f"JavaScript errors: {self.page_errors}"

    def assert_fits_phone_width(self) -> None:
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px on a phone"
