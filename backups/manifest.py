"""The manifest: what a backup holds, so a restore can prove it got all of it back."""

from __future__ import annotations

import hashlib
import json
import subprocess
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings

MANIFEST_NAME = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, for the operator."""


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the private storage root, with forward slashes
    size: int
    sha256: str


@dataclass(frozen=True)
class Artefact:
    """One file of the backup itself (the database dump, the files archive)."""

    name: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    portal_version: str
    git_commit: str | None
    database_engine: str  # "postgresql" or "sqlite"
    database: Artefact
    table_rows: dict[str, int]
    # Every applied migration per app, in the order applied; the last is the app's state.
    migrations: dict[str, list[str]]
    files_storage: str  # "local", or "s3" when the files live in a bucket
    files_archive: Artefact | None
    files: list[FileEntry] = field(default_factory=list)
    format: int = FORMAT

    @property
    def last_migrations(self) -> dict[str, str]:
        return {app: names[-1] for app, names in self.migrations.items() if names}

    def to_json(self) -> str:
        data = asdict(self)
        data["last_migration"] = self.last_migrations
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data: dict[str, Any] = json.loads(text)
        if data.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {data.get('format')!r} (expected {FORMAT}).")
        data.pop("last_migration", None)
        archive = data.pop("files_archive")
        return cls(
            database=Artefact(**data.pop("database")),
            files_archive=Artefact(**archive) if archive else None,
            files=[FileEntry(**entry) for entry in data.pop("files")],
            **data,
        )


def read_manifest(backup: Path) -> Manifest:
    path = backup / MANIFEST_NAME
    if not path.is_file():
        raise BackupError(f"{backup} is not a backup: it has no {MANIFEST_NAME}.")
    try:
        return Manifest.from_json(path.read_text())
    except (ValueError, TypeError, KeyError) as error:
        raise BackupError(f"{path} is damaged: {error}") from error


class HashingReader:
    """A file wrapper that hashes what is read through it: each byte is read once,
    so the checksum is of exactly the bytes that went into the archive."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.digest.update(chunk)
        return chunk


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def artefact(path: Path) -> Artefact:
    with path.open("rb") as stream:
        return Artefact(name=path.name, size=path.stat().st_size, sha256=sha256_of(stream))


def portal_version() -> str:
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as stream:
        return str(tomllib.load(stream)["project"]["version"])


def git_commit() -> str | None:
    """The checkout's commit, when the portal runs from a git checkout (not in an image)."""
    try:
        result = subprocess.run(  # noqa: S603 (a fixed command)
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None
