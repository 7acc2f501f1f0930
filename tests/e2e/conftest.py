"""Browser journeys: real Chromium (Debian's) driven by Playwright against live_server.

Self-sufficient: it needs nothing from tests/conftest.py. See docs/testing.md, "Browser journeys".
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

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


@pytest.fixture
def demo_data(live_server: Any, settings: Any) -> None:
    """PRODUCT.md §6's schools and accounts, loaded afresh for each test.

    live_server tests are transactional: the database is emptied after each
    one, so the demo has to be loaded again every time. A fast hasher keeps
    that (and every sign-in) cheap even without PORTAL_FAST_PASSWORD_HASHER;
    the setting is process-wide, so the server thread uses it too.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


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
