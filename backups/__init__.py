"""Backups of the portal's database and private files (``make backup``, ``make restore``).

A backup is one directory, ``BACKUP_DIR/<UTC time>/``, holding:

- ``database.pgdump`` (PostgreSQL, ``pg_dump -Fc``) or ``database.sqlite3``
  (a consistent copy made with SQLite's backup API);
- ``files.tar``: every file under the private storage root (evidence, scans,
  generated PDFs, subject access exports), unless files live in S3;
- ``manifest.json``: each file's path, size and SHA-256, each table's row
  count, the applied migrations, the portal's version and the backup's time.

``backups.create`` writes one; ``backups.restore`` checks one and puts it back.
Both read the portal's own environment (``DATABASE_URL``, ``PORTAL_VAR_DIR``,
``PRIVATE_STORAGE_ROOT``, ``PORTAL_S3_BUCKET``) through its settings.
"""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django from the portal's settings, as ``manage.py`` does."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policyportal.settings")
    import django

    django.setup()
