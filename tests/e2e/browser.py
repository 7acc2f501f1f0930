"""What every browser journey uses: navigate, and have each page scanned by axe-core.

A journey never calls ``page.goto`` or clicks a link bare. It uses

* ``visit(page, "/path/")`` to open an address, or
* ``with navigating(page): <click / press Enter>`` for anything that loads a page,

and both run :func:`check_accessibility` on the page that arrives. The ``page``
fixture counts every document the tab loads; a journey that reaches a page some
other way and never scans it fails at teardown, naming the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, Response

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

DEMO_PASSWORD = "portal-demo"  # PRODUCT.md §6

VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "tablet": {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
# Decorate a journey with @EVERY_SIZE to run it at desktop, tablet and phone sizes.
EVERY_SIZE = pytest.mark.parametrize("viewport", list(VIEWPORTS), indirect=True)


class AccessibilityError(AssertionError):
    """axe-core found WCAG 2.2 AA violations on a page."""


@dataclass
class PageLog:
    """Documents a tab loaded, which of them axe scanned, what the console said."""

    loaded: list[str] = field(default_factory=list)
    scanned: set[int] = field(default_factory=set)
    console: list[str] = field(default_factory=list)

    def unscanned(self) -> list[str]:
        return [url for n, url in enumerate(self.loaded, 1) if n not in self.scanned]


_logs: dict[Page, PageLog] = {}


def track(page: Page) -> PageLog:
    """Start counting the documents ``page`` loads (the ``page`` fixture calls this)."""
    log = PageLog()
    _logs[page] = log
    page.on("load", lambda p: log.loaded.append(p.url))
    page.on("console", lambda m: log.console.append(f"{m.type}: {m.text}"))
    return log


def untrack(page: Page) -> None:
    _logs.pop(page, None)


def log_of(page: Page) -> PageLog:
    return _logs.get(page) or PageLog()


def visit(page: Page, url: str) -> Response | None:
    """Open ``url`` (relative to the live server) and scan the page that arrives."""
    __tracebackhide__ = True
    response = page.goto(url)
    check_accessibility(page)
    return response


@contextmanager
def navigating(page: Page) -> Iterator[None]:
    """Wrap an action that loads a new page; the page it loads is scanned.

    ``with navigating(page): page.get_by_role("button", name="Sign in").click()``
    """
    __tracebackhide__ = True
    with page.expect_navigation():
        yield
    check_accessibility(page)


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form: type both fields and press the button."""
    __tracebackhide__ = True
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with navigating(page):
        page.get_by_role("button", name="Sign in").click()


def check_accessibility(page: Page) -> None:
    """Run axe-core's WCAG 2.2 A/AA rules on the current page; fail naming each problem.

    visit() and navigating() call this for you. Call it yourself after a change
    that shows new content without loading a page (an opened menu or dialog).
    """
    __tracebackhide__ = True
    page.wait_for_load_state("load")
    log = _logs.get(page)
    if log is not None:
        log.scanned.add(len(log.loaded))
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the portal's Content-Security-Policy
        # refuses inline scripts, and that refusal is what the console check catches.
        page.evaluate(f"(() => {{ {AXE_JS.read_text(encoding='utf-8')}\n}})()")
    violations = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        }).then(results => results.violations)""",
        list(WCAG_TAGS),
    )
    if violations:
        raise AccessibilityError(describe_violations(page, violations))


def describe_violations(page: Page, violations: list[dict[str, Any]]) -> str:
    size = page.viewport_size or {}
    lines = [
        f"axe-core found {len(violations)} accessibility problem(s) on {page.url} "
        f"at {size.get('width')}x{size.get('height')}:"
    ]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            selector = " >>> ".join(_flatten(node["target"]))
            lines.append(f"    {selector}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def _flatten(target: list[Any]) -> list[str]:
    # Selectors into iframes or shadow roots come as nested lists.
    return [" ".join(t) if isinstance(t, list) else str(t) for t in target]
