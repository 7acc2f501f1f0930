"""Isolation matrix rows for the subject_access pages (see matrix.py)."""

from __future__ import annotations

from tests.helpers.matrix import SchoolPage, SitePage

PAGES: tuple[SchoolPage, ...] = ()
SITE_PAGES: tuple[SitePage, ...] = ()
