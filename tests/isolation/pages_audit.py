"""Isolation matrix rows for the audit pages (see matrix.py)."""

from __future__ import annotations

from tests.helpers.matrix import SchoolPage

PAGES: tuple[SchoolPage, ...] = ()
