"""Synthetic schools for measuring the portal at national scale (issue 11).

``generate(schools=N, seed=S)`` makes N fictional schools, each with its
classes, a roster of about 275 pupils, about 27 staff and governors in every
role, and a year of records in every state: access requests and content
reports with the filtering register, incidents with the people involved,
checklist steps, decisions and notes, home-school agreements with kiosks and
signing links, complaints, training sessions and notifications.

School number ``n`` is drawn from ``random.Random(f"{seed}:{n}")`` alone, so
the same seed gives the same rows, and a school that exists already (by its
slug, ``gen<seed>-<n>``) is skipped: running again with the same seed adds
nothing, and a larger N adds only the missing schools. Times are counted back
from ``today`` (by default the day of the run).

Rows are written in bulk with their history and audit rows (dataset.bulk).

Modules: ``seeded`` (the seeded draws, sizes, slugs and emails), ``history``
(who acted, fields as they were), ``staff`` (accounts, settings, classes,
roster), ``filtering`` (access requests, content reports, the register),
``incidents``, ``agreements``, ``complaints``, ``training``,
``notifications``, ``writer`` (the write order) and ``driver`` (``generate``).
"""

from __future__ import annotations

from dataset.generator.driver import Progress, generate
from dataset.generator.seeded import PASSWORD, email_for, slug_for
from dataset.generator.writer import WRITE_ORDER

__all__ = ["PASSWORD", "WRITE_ORDER", "Progress", "email_for", "generate", "slug_for"]
