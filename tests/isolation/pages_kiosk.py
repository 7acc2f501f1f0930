"""Isolation matrix rows for the agreement pages of this area (see matrix.py)."""

from __future__ import annotations

from tests.helpers.matrix import SchoolPage

PAGES: tuple[SchoolPage, ...] = ()
