"""The harness itself: the axe scan must fail, and say why, on an inaccessible page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .browser import AccessibilityError, check_accessibility

INACCESSIBLE = """<!doctype html>
<html lang="en-GB"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><img id="no-alt" src="data:,"></main></body></html>"""


def test_axe_scan_names_the_rule_its_help_and_the_element(page: Page) -> None:
    page.set_content(INACCESSIBLE)

    with pytest.raises(AccessibilityError) as failure:
        check_accessibility(page)

    message = str(failure.value)
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "#no-alt" in message
