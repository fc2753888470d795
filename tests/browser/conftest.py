"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The browser tests run on SQLite only (the embedded default, and CI's first pass); on other databases they are
skipped, since what they check (templates, scripts, the admin's widgets) does not depend on the database and
the unit tests cover the database-specific code on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings

from tests.browser import harness

BROWSER_DIR = Path(__file__).parent


def pytest_itemcollected(item):
    if BROWSER_DIR in Path(item.path).parents:
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Runs the browser tests last, after pytest-django has ordered the rest.

    They use the live server's transactional database, emptied after each of them; run last, they leave no
    emptied database behind for the other tests.
    """
    browser = [item for item in items if BROWSER_DIR in Path(item.path).parents]
    items[:] = [item for item in items if item not in browser] + browser


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server speaks plain HTTP; its middleware, built once when it starts, must not redirect to HTTPS.

    (tests/conftest.py turns the redirect off per test, after session fixtures such as the live server are
    set up; this runs before it.)
    """
    override = override_settings(SECURE_SSL_REDIRECT=False)
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("Browser tests run on SQLite only (CI runs them in its SQLite pass).")


@pytest.fixture(scope="package")
def chromium(django_db_setup):
    """One Chromium for all browser tests; each test opens its own contexts (cookies, viewport).

    Django keeps database connections per thread, but per asyncio context while an event loop runs in the
    thread, as Playwright's does. The test database is set up first and its connections are handed over to
    the loop's context, so the tests keep using them (and their snapshot, see `migrated_database`).
    """
    if connection.vendor != "sqlite":
        pytest.skip("Browser tests run on SQLite only (CI runs them in its SQLite pass).")
    harness.require_chromium()
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        harness.require(False, "Playwright for Python is not installed (pip install -r requirements-dev.txt)")
    # CI shares two cores with the server under test; give assertions the same patience as actions.
    expect.set_options(timeout=15_000)
    # Playwright's sync API keeps an asyncio loop in this thread, which Django takes for async code; the
    # tests only drive the browser from it, while the live server answers from its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        thread_connections = {alias: connections[alias] for alias in connections}
        with sync_playwright() as playwright:
            for alias, connection_of_thread in thread_connections.items():
                connections[alias] = connection_of_thread
            browser = playwright.chromium.launch(
                executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def migrated_database(transactional_db):
    """The database as the migrations left it, editorial groups included.

    A transactional test's database is emptied after it and refilled only with content types and permissions
    (under new ids); the snapshot taken when the test database was created (tests/conftest.py) is restored
    into an emptied database instead. (pytest-django's serialized rollback restores without emptying first,
    and so collides with those refilled rows.)
    """
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(connection.migrated_snapshot)


@pytest.fixture
def start_journey(chromium, live_server, migrated_database, request):
    """Opens a fresh browser context (a visitor with its own cookies) on the live server: `start_journey(name)`.

    Each journey starts from the database as the migrations left it (see `migrated_database`).
    """
    harness.require_axe()
    journeys: list[harness.Journey] = []

    def start(name: str = "", device: dict | None = None) -> harness.Journey:
        context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **(device or harness.DESKTOP))
        context.set_default_timeout(20_000)
        folder = harness.screenshot_folder(request.node.name + (f"-{name}" if name else ""))
        journey = harness.Journey(context.new_page(), live_server.url, folder)
        journeys.append(journey)
        return journey

    yield start
    failed = getattr(request.node, "report_call", None)
    for journey in journeys:
        if failed is not None and failed.failed and not journey.page.is_closed():
            # A failure screenshot must not hide the failure itself.
            with contextlib.suppress(Exception):
                journey.page.screenshot(path=journey.folder / "zz-failure.png", full_page=True)
        journey.page.context.close()
