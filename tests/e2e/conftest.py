"""Browser journeys: real Chromium (Debian's) driven by Playwright against live_server.

Self-sufficient: it needs nothing from tests/conftest.py. See docs/testing.md, "Browser journeys".
"""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from pytest_django import DjangoDbBlocker

from tests.helpers.db_snapshot import DatabaseSnapshot, take_snapshot

from .browser import (
    AXE_JS,
    VIEWPORTS,
    AccessibilityError,
    check_accessibility,
    log_of,
    track,
    untrack,
)

# Playwright's sync API keeps an asyncio loop running in the main thread for as
# long as the browser is open (the whole session), so Django would refuse every
# ORM call made there, in these tests and in any test that runs after them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
# Without the networking flags Chromium keeps trying to reach Google and is refused.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
# Fail within seconds, not Playwright's default 30, when an element never comes.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps --with-node")
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run npm ci")
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def viewport(request: pytest.FixtureRequest) -> str:
    """Desktop unless a test is parametrised otherwise (see EVERY_SIZE)."""
    name: str = getattr(request, "param", "desktop")
    if name not in VIEWPORTS:
        raise ValueError(f"Unknown viewport {name!r}: choose from {', '.join(VIEWPORTS)}")
    return name


# Per test process (each xdist worker has its own database): the database as
# the first journey found it, and the demo as load_demo left it.
_found: dict[str, DatabaseSnapshot] = {}
_demos: dict[tuple[str, bool, datetime.date], DatabaseSnapshot] = {}
# The demo schools' time zone: their records are dated from today there.
DEMO_TIME_ZONE = ZoneInfo("Europe/London")


@pytest.fixture
def database_as_found(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> DatabaseSnapshot:
    """The test database as the process's first journey found it: migrated, empty."""
    name = str(connection.settings_dict["NAME"])
    if name not in _found:
        with django_db_blocker.unblock():
            _found[name] = take_snapshot()
    return _found[name]


@pytest.fixture
def transactional_db(
    django_db_blocker: DjangoDbBlocker, database_as_found: DatabaseSnapshot
) -> Iterator[None]:
    """pytest-django's, for this folder: committed data, and the database put back after.

    live_server asks for ``transactional_db`` by name, so this one serves every
    journey. pytest-django's runs each test as a TransactionTestCase, which
    empties the database afterwards with TRUNCATE and creates the content types
    and permissions again: 0.6–2.8 s a journey on PostgreSQL, as the disk is
    busy. Putting back the copy of the database as the journeys found it leaves
    the tests that follow the same (migrated, empty) database in ~0.1 s. (A
    test here marked ``django_db`` or asking for ``db`` would get pytest-django's
    flush as well: still correct, only slower.)
    """
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            database_as_found.restore()
            # As TransactionTestCase does: the next test gets fresh connections.
            for each in connections.all(initialized_only=True):
                each.close()


@pytest.fixture
def demo_restored(
    transactional_db: None, database_as_found: DatabaseSnapshot, settings: Any
) -> DatabaseSnapshot:
    """PRODUCT.md §6's schools and accounts, committed, exactly as ``load_demo`` leaves them.

    ``load_demo`` costs ~6 s on PostgreSQL (~3 s on SQLite); it runs once per
    test process, and each later journey starts from a copy of what it left,
    put back in 0.1–0.2 s with the same ids and sequences
    (tests/helpers/db_snapshot.py; test_demo_restore.py proves it).

    A copy per kind of load: with jobs in-process (CELERY_TASK_ALWAYS_EAGER,
    which several journeys turn on) the demo's PDFs are made as it loads,
    otherwise their jobs wait for a worker; and a new copy each day, since the
    demo's records are dated from today. A fast hasher keeps the load and every
    sign-in cheap even without PORTAL_FAST_PASSWORD_HASHER; the setting is
    process-wide, so the server thread uses it too.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    key = (
        str(connection.settings_dict["NAME"]),
        bool(settings.CELERY_TASK_ALWAYS_EAGER),
        timezone.localdate(timezone=DEMO_TIME_ZONE),
    )
    saved = _demos.get(key)
    if saved is not None:
        saved.restore()
        return saved
    database_as_found.restore()  # load onto the empty database, whatever ran before
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    saved = _demos[key] = take_snapshot()
    return saved


@pytest.fixture
def demo_data(live_server: Any, demo_restored: DatabaseSnapshot) -> None:
    """The demo (``demo_restored``) behind the live server."""


@pytest.fixture
def page(
    request: pytest.FixtureRequest,
    browser: Browser,
    viewport: str,
    live_server: Any,
    demo_data: None,
) -> Iterator[Page]:
    """A tab in a fresh browser context (no cookies) pointed at the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        **VIEWPORTS[viewport],
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log = track(page)
    try:
        yield page
        call_report = getattr(request.node, "rep_call", None)
        if call_report is None or not call_report.passed:
            return  # the failure is already reported, with its artefacts
        problems = []
        # The last page a journey reaches is scanned here if the journey did not.
        if log.loaded and len(log.loaded) not in log.scanned:
            try:
                check_accessibility(page)
            except AccessibilityError as exc:
                problems.append(str(exc))
        # The portal's Content-Security-Policy refuses inline scripts and styles;
        # the browser reports each refusal on the console.
        refused = [line for line in log.console if "Content Security Policy" in line]
        if refused:
            problems.append("Refused by the Content-Security-Policy:\n" + "\n".join(refused))
        if log.unscanned():
            problems.append(
                "Pages loaded but never scanned by axe: "
                + ", ".join(log.unscanned())
                + "\nOpen pages with visit(page, url) and wrap actions that load a page in "
                "`with navigating(page):` (tests/e2e/browser.py)."
            )
        if problems:
            folder = save_artifacts(page, request.node.name)
            problems.append(f"Screenshot and page HTML: {folder}")
            pytest.fail("\n".join(problems), pytrace=False)
    finally:
        untrack(page)
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item; on a failed journey, save the page."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and isinstance(page, Page) and not page.is_closed():
        folder = save_artifacts(page, item.name)
        report.sections.append(("browser artefacts", f"Screenshot and page HTML: {folder}"))
    return report


def save_artifacts(page: Page, test_name: str) -> Path:
    """Screenshot, HTML and console of ``page`` in test-artifacts/e2e/<test-name>/."""
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
        (folder / "page.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # the page may have crashed: keep what we can
        (folder / "error.txt").write_text(f"Could not capture the page: {exc}\n")
    (folder / "url.txt").write_text(page.url + "\n")
    console = log_of(page).console
    if console:
        (folder / "console.txt").write_text("\n".join(console) + "\n", encoding="utf-8")
    return folder.relative_to(settings.BASE_DIR)
