"""``scripts/backup``: write a new backup directory and print its path.

Usage: ``BACKUP_DIR=<folder> scripts/backup`` (default ``$PORTAL_VAR_DIR/backups``).
The backup is written under a temporary name and renamed when complete, so a
directory with a timestamp name is always a whole backup.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from backups import database, files, setup_django
from backups.manifest import (
    MANIFEST_NAME,
    BackupError,
    Manifest,
    artefact,
    git_commit,
    portal_version,
)

S3_NOTE = (
    "Files are in object storage (PORTAL_S3_BUCKET), not in this backup: "
    "protect them with the bucket's versioning and replication."
)


def backup_root() -> Path:
    configured = os.environ.get("BACKUP_DIR", "").strip()
    return Path(configured) if configured else Path(settings.VAR_DIR) / "backups"


def _final_path(root: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    path, n = root / stamp, 1
    while path.exists():  # two backups within one second
        n += 1
        path = root / f"{stamp}-{n}"
    return path


def create_backup(root: Path) -> tuple[Path, Manifest]:
    if files.files_are_local() and root.resolve().is_relative_to(files.private_root().resolve()):
        raise BackupError(f"BACKUP_DIR {root} is inside the private storage root: choose another.")
    now = datetime.now(UTC)
    root.mkdir(parents=True, exist_ok=True)
    work = root / f".incomplete-{now:%Y%m%dT%H%M%SZ}-{os.getpid()}"
    work.mkdir()
    try:
        manifest = _write_backup(work, now)
        final = _final_path(root, now)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final, manifest


def _write_backup(work: Path, now: datetime) -> Manifest:
    snapshot = database.dump(work)
    entries, archive = [], None
    if files.files_are_local():
        entries = files.archive(files.private_root(), work / files.ARCHIVE_NAME)
        archive = artefact(work / files.ARCHIVE_NAME)
    manifest = Manifest(
        created_at=now.isoformat(timespec="seconds"),
        portal_version=portal_version(),
        git_commit=git_commit(),
        database_engine=database.engine(),
        database=snapshot.dump,
        table_rows=snapshot.table_rows,
        migrations=snapshot.migrations,
        files_storage="local" if files.files_are_local() else "s3",
        files_archive=archive,
        files=entries,
    )
    (work / MANIFEST_NAME).write_text(manifest.to_json())
    return manifest


def main() -> int:
    os.umask(0o077)  # a backup holds every pupil's records: readable by its owner only
    setup_django()
    try:
        path, manifest = create_backup(backup_root())
    except (BackupError, DatabaseError) as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        return 1
    rows = sum(manifest.table_rows.values())
    print(
        f"Backed up {len(manifest.table_rows)} tables ({rows} rows) "
        f"and {len(manifest.files)} files.",
        file=sys.stderr,
    )
    if manifest.files_storage == "s3":
        print(S3_NOTE, file=sys.stderr)
    print(path.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
