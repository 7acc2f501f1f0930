"""Backups, as an operator uses them: the real scripts against a real portal.

The demo is loaded into a scratch database of its own (a PostgreSQL database
named after this xdist worker when ``DATABASE_URL`` is set, otherwise a SQLite
file in a temporary ``PORTAL_VAR_DIR``), with its evidence images and
generated PDFs in private storage. The scratch database starts as a copy of
pytest's migrated test database: running every migration again would cost
about 25 s of CPU, more than the rest of this test. ``scripts/backup``
copies it; the database and the files are wiped; ``scripts/restore`` must
bring back every row of every table and every file byte for byte. A restore without confirmation, or
from a tampered backup or a newer schema, must change nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
BASE_URL = os.environ.get("DATABASE_URL", "")
# Variables of the outer run that must not leak into the scratch portal.
LEAKY = ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "PRIVATE_STORAGE_ROOT", "DJANGO_ENV",
         "BACKUP_DIR", "PORTAL_RESTORE_CONFIRM", "PORTAL_S3_")  # fmt: skip


@dataclass
class Portal:
    """A scratch portal: its environment, its private files and (on PostgreSQL) its database."""

    env: dict[str, str]
    var: Path
    database: str | None  # the PostgreSQL database's name; None on SQLite

    @property
    def private(self) -> Path:
        return self.var / "private"

    @property
    def sqlite_path(self) -> Path:
        return self.var / "db.sqlite3"

    def run(self, *command: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            command, cwd=REPO, env={**self.env, **extra_env}, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip

    def connect(self):  # a DB-API connection to the scratch database
        if self.database is None:
            return closing(sqlite3.connect(self.sqlite_path))
        import psycopg

        return psycopg.connect(self.env["DATABASE_URL"], autocommit=True)


def _admin():
    import psycopg

    return psycopg.connect(BASE_URL, dbname="postgres", autocommit=True)


def _recreate(name: str, *, create: bool = True) -> None:
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')


def _url(name: str) -> str:
    return urlsplit(BASE_URL)._replace(path=f"/{name}").geturl()


def copy_test_database(site: Portal, source: str) -> None:
    """Start the scratch database as a copy of pytest's (migrated) test database."""
    if site.database is None:
        with (
            closing(sqlite3.connect(source)) as test_db,
            closing(sqlite3.connect(site.sqlite_path)) as scratch,
        ):
            test_db.backup(scratch)
        return
    dump = site.var / "schema.pgdump"
    for command in (
        ["pg_dump", "-Fc", f"--dbname={_url(source)}", f"--file={dump}"],
        ["pg_restore", "--no-owner", f"--dbname={site.env['DATABASE_URL']}", str(dump)],
    ):
        copied = site.run(*command)
        assert copied.returncode == 0, copied.stderr
    dump.unlink()


@pytest.fixture(scope="module")
def portal(django_db_setup, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """The demo in a scratch portal, with files in private storage; dropped at the end."""
    from django.db import connection

    test_database = connection.settings_dict["NAME"]
    var = tmp_path_factory.mktemp("backup-portal")
    env = {key: value for key, value in os.environ.items() if not key.startswith(LEAKY)}
    env.update(
        PORTAL_VAR_DIR=str(var),
        PORTAL_FAST_PASSWORD_HASHER="1",
        DJANGO_SETTINGS_MODULE="policyportal.settings",
    )
    database = None
    if BASE_URL:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        database = f"{urlsplit(BASE_URL).path.lstrip('/')}_backup_{worker}"[:63]
        env["DATABASE_URL"] = _url(database)
        _recreate(database)
    try:
        site = Portal(env=env, var=var, database=database)
        copy_test_database(site, test_database)
        # No migrate: the copy is migrated already, and a flush by an earlier
        # test has put its content types and permissions back.
        loaded = site.run(sys.executable, "manage.py", "load_demo", "--verbosity=0")
        assert loaded.returncode == 0, loaded.stderr
        yield site
    finally:
        if database:
            _recreate(database, create=False)


def _tables(cursor, postgres: bool) -> list[str]:
    if postgres:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return sorted(row[0] for row in cursor.fetchall() if not row[0].startswith("sqlite_"))


def _row_text(row: tuple) -> str:
    return repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))


def table_digests(site: Portal) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows (in a fixed order)."""
    digests = {}
    with site.connect() as db:
        cursor = db.cursor()
        for table in _tables(cursor, site.database is not None):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            rows = sorted(_row_text(row) for row in cursor.fetchall())
            digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digests


def file_checksums(site: Portal) -> dict[str, str]:
    return {
        path.relative_to(site.private).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.private.rglob("*"))
        if path.is_file()
    }


def state(site: Portal) -> tuple[dict[str, tuple[int, str]], dict[str, str]]:
    return table_digests(site), file_checksums(site)


def wipe(site: Portal) -> None:
    if site.database:
        _recreate(site.database)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{site.sqlite_path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(site.private)


def drift(site: Portal, tag: str) -> None:
    """Change the portal after its backup, so that a restore would show."""
    (site.private / f"drift-{tag}.txt").write_text("written after the backup")
    with site.connect() as db:
        row = f"(session_key, session_data, expire_date) VALUES ('drift-{tag}', 'x', '2030-01-01')"
        db.cursor().execute(f"INSERT INTO django_session {row}")
        if site.database is None:
            db.commit()


@pytest.fixture(scope="module")
def backup(portal: Portal, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    """``scripts/backup`` of the freshly loaded demo, and the demo's state when it was made."""
    before = state(portal)
    folder = tmp_path_factory.mktemp("backups")
    made = portal.run("scripts/backup", BACKUP_DIR=str(folder))
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.parent == folder
    return path, before


def test_the_demo_comes_back_whole_after_a_wipe(portal: Portal, backup: tuple[Path, tuple]):
    path, (tables, files) = backup
    # The demo keeps evidence images and generated PDFs in private storage.
    assert any(name.endswith(".pdf") for name in files)
    assert any(name.startswith("incidents/evidence/") for name in files)
    assert tables["schools_school"][0] == 2
    manifest = json.loads((path / "manifest.json").read_text())
    assert {entry["path"] for entry in manifest["files"]} == set(files)
    assert manifest["table_rows"] == {table: count for table, (count, _) in tables.items()}
    assert manifest["last_migration"]["schools"]

    wipe(portal)
    assert file_checksums(portal) == {}
    restored = portal.run("scripts/restore", str(path), "--yes")

    assert restored.returncode == 0, restored.stderr
    assert "every row count and file checksum matches" in restored.stdout
    assert table_digests(portal) == tables
    assert file_checksums(portal) == files


def test_a_restore_without_confirmation_changes_nothing(portal, backup, tmp_path):
    path, _ = backup
    drift(portal, "unconfirmed")
    before = state(portal)

    refused = portal.run("scripts/restore", str(path))

    assert refused.returncode == 2
    assert "Nothing was changed" in refused.stderr
    assert "--yes" in refused.stderr
    assert "PORTAL_RESTORE_CONFIRM=yes" in refused.stderr
    assert state(portal) == before


def test_a_tampered_backup_is_refused_before_anything_is_touched(portal, backup, tmp_path):
    path, _ = backup
    tampered = shutil.copytree(path, tmp_path / "tampered")
    archive = tampered / "files.tar"
    with tarfile.open(archive) as tar:
        offset = next(member for member in tar if member.isfile()).offset_data
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01  # one bit of one stored file
    archive.write_bytes(bytes(data))
    drift(portal, "tampered")
    before = state(portal)

    refused = portal.run("scripts/restore", str(tampered), "--yes")

    assert refused.returncode == 1
    assert "files.tar does not match its checksum" in refused.stderr
    assert state(portal) == before


def test_a_backup_from_a_newer_schema_is_refused(portal, backup, tmp_path):
    path, _ = backup
    newer = shutil.copytree(path, tmp_path / "newer")
    manifest = json.loads((newer / "manifest.json").read_text())
    manifest["migrations"]["schools"].append("9999_from_a_later_version")
    (newer / "manifest.json").write_text(json.dumps(manifest))
    drift(portal, "newer")
    before = state(portal)

    refused = portal.run("scripts/restore", str(newer), "--yes")

    assert refused.returncode == 1
    assert "newer schema" in refused.stderr
    assert "schools.9999_from_a_later_version" in refused.stderr
    assert state(portal) == before
