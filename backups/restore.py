"""``scripts/restore <backup directory> [--yes]``: put a backup back, then prove it.

Nothing is touched until the whole backup has been checked: the manifest, the
checksum of the dump and of every file in the archive, the database engine and
the schema (a backup from a newer schema than this code is refused). Without
``--yes`` (or ``PORTAL_RESTORE_CONFIRM=yes``) it stops there, having only
checked. Afterwards every table's row count and every file's checksum are
compared with the manifest. Stop the web, worker and beat processes first.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader

from backups import database, files, setup_django
from backups.manifest import Artefact, BackupError, Manifest, artefact, read_manifest

CONFIRM_VARIABLE = "PORTAL_RESTORE_CONFIRM"
REFUSED = 2


def _check_artefact(backup: Path, expected: Artefact) -> None:
    path = backup / expected.name
    if not path.is_file():
        raise BackupError(f"The backup lacks {expected.name}.")
    if artefact(path) != expected:
        raise BackupError(f"{expected.name} does not match its checksum: the backup is damaged.")


def _check_schema(manifest: Manifest) -> list[str]:
    """Refuse a backup whose database has migrations this code does not know;
    return the code's migrations the backup lacks (``migrate`` applies them)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {(app, name) for app, names in manifest.migrations.items() for name in names}
    if unknown := sorted(in_backup - known):
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            "This backup comes from a newer schema than this code: its database has "
            f"migrations this version does not know ({listed}). Restore it with the portal "
            f"version that made it ({manifest.portal_version}, "
            f"commit {manifest.git_commit or 'unknown'}) or later."
        )
    return sorted(f"{app}.{name}" for app, name in known - in_backup)


def check_backup(backup: Path, manifest: Manifest) -> list[str]:
    """Everything that can be checked without touching the portal; return pending migrations."""
    if manifest.database_engine != database.engine():
        raise BackupError(
            f"This is a {manifest.database_engine} backup; this portal uses {database.engine()}."
        )
    if manifest.files_archive is not None and not files.files_are_local():
        raise BackupError(
            "This backup holds the private files, but this portal keeps them in object "
            "storage (PORTAL_S3_BUCKET): restore them there by other means, or unset it."
        )
    _check_artefact(backup, manifest.database)
    if manifest.files_archive is not None:
        _check_artefact(backup, manifest.files_archive)
        files.check_archive(backup / manifest.files_archive.name, manifest.files)
    pending = _check_schema(manifest)
    if database.engine() == database.POSTGRESQL:
        _check_no_extra_tables(manifest)
    return pending


def _check_no_extra_tables(manifest: Manifest) -> None:
    # pg_restore --clean drops only what the dump holds; a table from a later
    # migration would survive and break the next migrate.
    rows, _ = database.live_state()
    if extra := sorted(set(rows) - set(manifest.table_rows)):
        raise BackupError(
            f"{database.describe()} has tables this backup does not ({', '.join(extra[:5])}): "
            "restore into a new, empty database (dropdb, createdb) instead."
        )


def verify(manifest: Manifest) -> list[str]:
    rows, migrations = database.live_state()
    problems = [
        f"table {table}: {rows.get(table)} rows, the backup has {count}"
        for table, count in sorted(manifest.table_rows.items())
        if rows.get(table) != count
    ]
    problems += [
        f"table not in the backup: {table}"
        for table in sorted(set(rows) - set(manifest.table_rows))
    ]
    if migrations != manifest.migrations:
        problems.append("the applied migrations differ from the backup's")
    if manifest.files_archive is not None:
        problems += files.compare_tree(files.private_root(), manifest.files)
    return problems


def _confirmed(args: argparse.Namespace) -> bool:
    return bool(args.yes) or os.environ.get(CONFIRM_VARIABLE, "").strip().lower() == "yes"


def _targets(manifest: Manifest) -> str:
    target = database.describe()
    if manifest.files_archive is not None:
        target += f" and every file under {files.private_root()}"
    return target


def restore(backup: Path, *, confirmed: bool) -> int:
    manifest = read_manifest(backup)
    pending = check_backup(backup, manifest)
    print(
        f"Backup {backup} of {manifest.created_at} checked: {len(manifest.table_rows)} tables, "
        f"{len(manifest.files)} files, checksums correct.",
        file=sys.stderr,
    )
    if not confirmed:
        print(
            f"Nothing was changed. Restoring replaces {_targets(manifest)}. Stop the web, "
            f"worker and beat processes, then run again with --yes (scripts/restore {backup} "
            f"--yes), or with {CONFIRM_VARIABLE}=yes (make restore BACKUP={backup}).",
            file=sys.stderr,
        )
        return REFUSED
    try:
        database.restore(backup / manifest.database.name)
        if manifest.files_archive is not None:
            files.replace_contents(files.private_root(), backup / manifest.files_archive.name)
    except (BackupError, OSError) as error:
        print(f"Restore failed part-way, run it again: {error}", file=sys.stderr)
        return 1
    if problems := verify(manifest):
        print("Restore finished but does not match the backup:", file=sys.stderr)
        print("\n".join(f"  {problem}" for problem in problems), file=sys.stderr)
        return 1
    if manifest.files_archive is None:
        print(f"Restored {_targets(manifest)}; every row count matches.")
        print("This backup holds no files: they were in object storage (PORTAL_S3_BUCKET).")
    else:
        print(f"Restored {_targets(manifest)}; every row count and file checksum matches.")
    if pending:
        print(
            f"The backup predates {len(pending)} migration(s) of this code: run manage.py migrate."
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/restore", description=__doc__)
    parser.add_argument("backup", help="a directory written by scripts/backup")
    parser.add_argument("--yes", action="store_true", help="really replace the data")
    args = parser.parse_args(argv)
    if not args.backup.strip():
        parser.error("name the backup directory, e.g. make restore BACKUP=var/backups/<time>")
    setup_django()
    try:
        return restore(Path(args.backup), confirmed=_confirmed(args))
    except (BackupError, DatabaseError) as error:
        print(f"Restore refused: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
