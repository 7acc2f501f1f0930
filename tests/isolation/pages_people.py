"""Isolation matrix rows for the people pages (see matrix.py)."""

from __future__ import annotations

from tests.helpers.matrix import SchoolPage, SitePage

PAGES: tuple[SchoolPage, ...] = ()
SITE_PAGES: tuple[SitePage, ...] = ()
