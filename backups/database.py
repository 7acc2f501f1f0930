"""The database half of a backup: PostgreSQL through pg_dump/pg_restore, SQLite
through its backup API; row counts and applied migrations read in the same
snapshot as the copy, so the manifest describes exactly what was copied."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from backups.manifest import Artefact, BackupError, artefact

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DUMP_NAMES = {POSTGRESQL: "database.pgdump", SQLITE: "database.sqlite3"}

# A DB-API cursor: Django's (PostgreSQL) or sqlite3's; both take the same SQL here.
Cursor = Any


@dataclass(frozen=True)
class Snapshot:
    dump: Artefact
    table_rows: dict[str, int]
    migrations: dict[str, list[str]]


def engine() -> str:
    return POSTGRESQL if connection.vendor == "postgresql" else SQLITE


def describe() -> str:
    """Where the database is, for messages (never the password)."""
    db = settings.DATABASES["default"]
    if engine() == SQLITE:
        return f"the SQLite database {db['NAME']}"
    return f"the PostgreSQL database {db['NAME']} on {db.get('HOST') or 'localhost'}"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Cursor) -> list[str]:
    if engine() == POSTGRESQL:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
        )
    return [row[0] for row in cursor.fetchall()]


def table_rows(cursor: Cursor) -> dict[str, int]:
    rows = {}
    for table in table_names(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
        rows[table] = int(cursor.fetchone()[0])
    return rows


def applied_migrations(cursor: Cursor) -> dict[str, list[str]]:
    if "django_migrations" not in table_names(cursor):
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in cursor.fetchall():
        applied[app].append(name)
    return dict(applied)


def dump(directory: Path) -> Snapshot:
    path = directory / DUMP_NAMES[engine()]
    if engine() == POSTGRESQL:
        return _dump_postgresql(path)
    return _dump_sqlite(path)


def live_state() -> tuple[dict[str, int], dict[str, list[str]]]:
    """Row counts and applied migrations of the portal's database as it is now."""
    if engine() == POSTGRESQL:
        connection.close()  # a fresh connection: the database may just have been replaced
        with connection.cursor() as cursor:
            return table_rows(cursor), applied_migrations(cursor)
    with _sqlite_live() as live, closing(live.cursor()) as cursor:
        return table_rows(cursor), applied_migrations(cursor)


def restore(dump_path: Path) -> None:
    if engine() == POSTGRESQL:
        _restore_postgresql(dump_path)
    else:
        _restore_sqlite(dump_path)


# --- PostgreSQL ---------------------------------------------------------------


def _pg_environ() -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore, from the portal's DATABASE_URL."""
    db = settings.DATABASES["default"]
    values = {
        "PGDATABASE": db.get("NAME"),
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
        "PGCONNECT_TIMEOUT": db.get("OPTIONS", {}).get("connect_timeout"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run_pg_tool(command: list[str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603 (pg_dump/pg_restore, arguments built here)
            command, env=_pg_environ(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools "
            "(at least the server's version)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")


def _dump_postgresql(path: Path) -> Snapshot:
    # pg_dump reads the snapshot this transaction exports, so the counts and
    # migrations below describe exactly the rows in the dump, even while the
    # portal keeps writing.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        rows, migrations = table_rows(cursor), applied_migrations(cursor)
        _run_pg_tool(["pg_dump", "-Fc", f"--snapshot={snapshot_id}", f"--file={path}"])
    return Snapshot(dump=artefact(path), table_rows=rows, migrations=migrations)


def _restore_postgresql(dump_path: Path) -> None:
    connection.close()  # hold nothing that pg_restore's DROP would wait for
    _run_pg_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(dump_path),
        ]
    )


# --- SQLite -------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


@contextmanager
def _sqlite_live() -> Iterator[sqlite3.Connection]:
    path = _sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # The portal's own busy timeout: wait for a writer rather than fail.
    with closing(sqlite3.connect(path, timeout=20)) as live:
        yield live


def _dump_sqlite(path: Path) -> Snapshot:
    if not _sqlite_path().is_file():
        raise BackupError(f"There is no database to back up at {_sqlite_path()}.")
    with _sqlite_live() as live, closing(sqlite3.connect(path)) as copy:
        # One step: the read lock is held for the whole copy, so it is consistent.
        live.backup(copy)
        # One self-contained file in the backup, with no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        with closing(copy.cursor()) as cursor:
            rows, migrations = table_rows(cursor), applied_migrations(cursor)
    return Snapshot(dump=artefact(path), table_rows=rows, migrations=migrations)


def _restore_sqlite(dump_path: Path) -> None:
    # Through the backup API rather than by replacing the file, so connections
    # still open on the old file see the restored pages instead of a deleted inode.
    source = sqlite3.connect(f"{dump_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    with closing(source), _sqlite_live() as live:
        source.backup(live)
