"""The whole test database kept in memory, and put back in a fraction of a second.

For tests whose rows must be committed (a browser journey: the live server
answers from another thread), so that no rolled-back transaction can undo
them::

    saved = take_snapshot()
    ...                     # rows added, changed, deleted; sequences moved on
    saved.restore()         # the same rows, the same sequence values

PostgreSQL: every table is read with ``COPY … TO STDOUT``, then put back in
one transaction: each table locked (as TRUNCATE would), emptied with DELETE,
refilled with ``COPY … FROM STDIN``, and every sequence ``setval`` back.
Foreign keys are deferred, so the order of the tables does not matter.
DELETE, not TRUNCATE: TRUNCATE makes new files for each of the ~90 tables and
~600 indexes and cost 0.4–4.5 s a time here, against 0.1–0.25 s for the whole
restore. (Rows may come back in another physical order than the load left,
as rows an UPDATE moves do: a query without ORDER BY never promised one.)

SQLite: the whole file, page for page, through sqlite3's backup API (~10 ms),
sqlite_sequence included.

The files the saved rows point to (FileFields: evidence, PDFs) are kept in
memory too and written back if they were changed or removed. Files added
after the snapshot are left where they are, as Django's flush leaves them:
no row points to them any more, and the other test processes share the folder.

``fingerprint()`` describes a database independently of the copy (row counts,
a digest of each table's rows, sequence values), so tests can prove a restore.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


def _tables(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables Django's flush empties: every model's, many-to-many included."""
    return sorted(connection.introspection.django_table_names(only_existing=True))


@dataclass(frozen=True)
class Fingerprint:
    rows: dict[str, int]  # table -> number of rows
    contents: dict[str, str]  # table -> SHA-256 of its rows, sorted
    sequences: dict[str, tuple[int, bool]]  # sequence -> (last value, called)

    def changes(self, later: Fingerprint) -> list[str]:
        """What differs in ``later``, readably: ``["table x: 3 rows → 4", …]``."""
        found = []
        for table in sorted(self.rows.keys() | later.rows.keys()):
            before, after = self.rows.get(table), later.rows.get(table)
            if before != after:
                found.append(f"table {table}: {before} rows → {after}")
            elif self.contents.get(table) != later.contents.get(table):
                found.append(f"table {table}: same number of rows, different contents")
        for name in sorted(self.sequences.keys() | later.sequences.keys()):
            before_value, after_value = self.sequences.get(name), later.sequences.get(name)
            if before_value != after_value:
                found.append(f"sequence {name}: {before_value} → {after_value}")
        return found


def fingerprint(using: str = DEFAULT_DB_ALIAS) -> Fingerprint:
    connection = connections[using]
    quote = connection.ops.quote_name
    rows: dict[str, int] = {}
    contents: dict[str, str] = {}
    with connection.cursor() as cursor:
        for table in _tables(connection):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (a model's table)
            lines = sorted(repr(tuple(map(_plain, row))) for row in cursor.fetchall())
            rows[table] = len(lines)
            contents[table] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    if connection.vendor == "postgresql":
        sequences = _postgres_sequences(connection)
    else:
        sequences = {name: (seq, True) for name, seq in _sqlite_sequences(connection)}
    return Fingerprint(rows, contents, sequences)


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


@dataclass
class SavedFile:
    storage: Storage
    name: str
    content: bytes
    stat: tuple[int, int]  # (size, mtime in ns) when last known to hold ``content``

    def put_back(self) -> None:
        path = Path(self.storage.path(self.name))
        if _stat(path) == self.stat:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.content)
        self.stat = _stat(path) or (0, 0)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns


def _saved_files(using: str) -> list[SavedFile]:
    """The files the database's rows point to, with their contents."""
    saved = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field_ in model._meta.concrete_fields:
            if not isinstance(field_, models.FileField):
                continue
            names = (
                model._base_manager.using(using)
                .exclude(**{field_.attname: ""})
                .values_list(field_.attname, flat=True)
                .distinct()
            )
            for name in names:
                path = Path(field_.storage.path(name))
                stat = _stat(path)
                if stat is not None:  # a row pointing to nothing stays that way
                    saved.append(SavedFile(field_.storage, name, path.read_bytes(), stat))
    return saved


@dataclass
class DatabaseSnapshot:
    """A database as it was, and the files its rows point to."""

    using: str
    fingerprint: Fingerprint  # taken before the copy, by other queries
    files: list[SavedFile] = field(default_factory=list)

    def restore(self) -> None:
        connection = connections[self.using]
        if connection.in_atomic_block:
            raise RuntimeError("A snapshot is restored outside any transaction.")
        self._restore_database(connection)
        for saved in self.files:
            saved.put_back()
        # Content types are cached by id; the restored ids are the snapshot's.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()

    def _restore_database(self, connection: BaseDatabaseWrapper) -> None:
        raise NotImplementedError


@dataclass
class PostgresSnapshot(DatabaseSnapshot):
    tables: dict[str, bytes] = field(default_factory=dict)  # table -> COPY text
    sequences: dict[str, tuple[int, bool]] = field(default_factory=dict)

    def _restore_database(self, connection: BaseDatabaseWrapper) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(table) for table in self.tables)
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            # Wait for, then keep out, anything else writing (a late request),
            # but fail rather than hang if a transaction was left open.
            cursor.execute("SET LOCAL lock_timeout = '30s'")
            cursor.execute(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")
            cursor.execute(
                "; ".join(f"DELETE FROM {quote(table)}" for table in self.tables)  # noqa: S608
            )
            for table, data in self.tables.items():
                if data:
                    with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(data)
            _postgres_setval(cursor, self.sequences)


def _postgres_sequences(connection: BaseDatabaseWrapper) -> dict[str, tuple[int, bool]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regclass::text FROM pg_class c"
            " WHERE c.relkind = 'S' AND c.relnamespace = to_regnamespace(current_schema())"
            " ORDER BY 1"
        )
        names = [name for (name,) in cursor.fetchall()]
        if not names:
            return {}
        # regclass::text is already quoted where a name needs it.
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s, last_value, is_called FROM {name}"  # noqa: S608
                for name in names
            ),
            names,
        )
        return {name: (value, called) for name, value, called in cursor.fetchall()}


def _postgres_setval(cursor: Any, sequences: dict[str, tuple[int, bool]]) -> None:
    cursor.execute(
        "SELECT setval(s.name::regclass, s.value, s.called)"
        " FROM unnest(%s::text[], %s::bigint[], %s::boolean[]) AS s(name, value, called)",
        [
            list(sequences),
            [value for value, _ in sequences.values()],
            [called for _, called in sequences.values()],
        ],
    )


def _take_postgres(using: str, found: Fingerprint) -> PostgresSnapshot:
    connection = connections[using]
    quote = connection.ops.quote_name
    tables: dict[str, bytes] = {}
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for table in _tables(connection):
            with cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                tables[table] = b"".join(bytes(block) for block in copy)
        sequences = _postgres_sequences(connection)
    return PostgresSnapshot(using, found, _saved_files(using), tables, sequences)


@dataclass
class SqliteSnapshot(DatabaseSnapshot):
    copy: sqlite3.Connection | None = None  # the whole database, in memory

    def _restore_database(self, connection: BaseDatabaseWrapper) -> None:
        assert self.copy is not None
        connection.ensure_connection()
        self.copy.backup(connection.connection)


def _sqlite_sequences(connection: BaseDatabaseWrapper) -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone() is None:
            return []
        cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        return [(name, seq) for name, seq in cursor.fetchall()]


def _take_sqlite(using: str, found: Fingerprint) -> SqliteSnapshot:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return SqliteSnapshot(using, found, _saved_files(using), copy)


def take_snapshot(using: str = DEFAULT_DB_ALIAS) -> DatabaseSnapshot:
    """The database ``using`` as it is now (call it outside any transaction)."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise RuntimeError("A snapshot is taken of committed data, outside any transaction.")
    found = fingerprint(using)
    if connection.vendor == "postgresql":
        return _take_postgres(using, found)
    if connection.vendor == "sqlite":
        return _take_sqlite(using, found)
    raise NotImplementedError(f"No snapshots for {connection.vendor} databases.")
