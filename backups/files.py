"""The files half of a backup: the private storage root as one tar archive."""

from __future__ import annotations

import logging
import os
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage

from backups.manifest import BackupError, FileEntry, HashingReader, sha256_of

ARCHIVE_NAME = "files.tar"
logger = logging.getLogger(__name__)


def private_root() -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT)


def files_are_local() -> bool:
    """False when the private files live in object storage (PORTAL_S3_BUCKET)."""
    return isinstance(default_storage, FileSystemStorage)


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under ``root`` with its relative POSIX path, in a stable order."""
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory, filename)
            if path.is_symlink() or not path.is_file():
                logger.warning("Not backed up (not a regular file): %s", path)
                continue
            yield path, path.relative_to(root).as_posix()


def archive(root: Path, tar_path: Path) -> list[FileEntry]:
    """Write every file under ``root`` into ``tar_path``; return what went in.

    Uncompressed: PDFs, images and ZIPs are compressed already.
    """
    entries = []
    with tarfile.open(tar_path, "w", format=tarfile.PAX_FORMAT) as tar:
        for path, name in _walk(root):
            with path.open("rb") as stream:
                info = tar.gettarinfo(fileobj=stream, arcname=name)
                reader = HashingReader(stream)
                tar.addfile(info, reader)
            entries.append(FileEntry(path=name, size=info.size, sha256=reader.digest.hexdigest()))
    return entries


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def check_archive(tar_path: Path, expected: list[FileEntry]) -> None:
    """Read the whole archive and compare each file with the manifest; touch nothing."""
    wanted = {entry.path: entry for entry in expected}
    found: set[str] = set()
    with tarfile.open(tar_path, "r") as tar:
        for member in tar:
            entry = wanted.get(member.name)
            stream = tar.extractfile(member) if member.isfile() else None
            if entry is None or stream is None or not _safe_name(member.name):
                raise BackupError(f"The files archive holds {member.name!r}, not in the manifest.")
            if member.size != entry.size or sha256_of(stream) != entry.sha256:
                raise BackupError(
                    f"{member.name} in the files archive does not match its checksum."
                )
            found.add(member.name)
    if missing := sorted(set(wanted) - found):
        raise BackupError(f"The files archive lacks {len(missing)} file(s), e.g. {missing[0]}.")


def replace_contents(root: Path, tar_path: Path) -> None:
    """Make ``root`` hold exactly the archive's files.

    The archive is unpacked into a folder inside ``root`` first (same file
    system, even when ``root`` is a mount point), then the old contents go and
    the new move up: a failed unpack leaves the old files in place.
    """
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".restoring-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    with tarfile.open(tar_path, "r") as tar:
        for member in tar:
            target = staging / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None  # check_archive admitted regular files only
            with target.open("wb") as out:
                shutil.copyfileobj(source, out)
    for child in root.iterdir():
        if child == staging:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staging.iterdir():
        child.rename(root / child.name)
    staging.rmdir()


def compare_tree(root: Path, expected: list[FileEntry]) -> list[str]:
    """Differences between the files under ``root`` and the manifest (empty when equal)."""
    wanted = {entry.path: entry for entry in expected}
    problems = []
    seen = set()
    for path, name in _walk(root) if root.exists() else iter(()):
        seen.add(name)
        entry = wanted.get(name)
        if entry is None:
            problems.append(f"file not in the backup: {name}")
            continue
        with path.open("rb") as stream:
            if sha256_of(stream) != entry.sha256:
                problems.append(f"file differs from the backup: {name}")
    problems += [f"file missing: {name}" for name in sorted(set(wanted) - seen)]
    return problems
