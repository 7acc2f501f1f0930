"""Where uploaded evidence, scans, exports and generated PDFs are kept.

By default in a private folder on this machine. When ``PORTAL_S3_BUCKET`` is
set, in an S3-compatible bucket instead (``policyportal.s3``), so that every
web and worker machine reads and writes the same files. Either way a stored
file has no address of its own: it leaves only through a view that checks the
person's right to it.

This module stays light: settings.py imports it, and boto3 costs about a
second to import, paid only by a portal that uses S3.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage

NO_URL = "Private files have no URL: serve them through a view that checks access."
LOCAL_BACKEND = "policyportal.storage.PrivateStorage"
S3_BACKEND = "policyportal.s3.PrivateS3Storage"

# Optional bucket settings: the storage option each environment variable sets.
S3_OPTIONS = {
    "endpoint_url": "PORTAL_S3_ENDPOINT_URL",
    "region_name": "PORTAL_S3_REGION",
    "location": "PORTAL_S3_PREFIX",
    "addressing_style": "PORTAL_S3_ADDRESSING_STYLE",
    # Without these two, boto3 finds credentials itself: AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY, a shared credentials file, or the machine's role.
    "access_key": "PORTAL_S3_ACCESS_KEY_ID",
    "secret_key": "PORTAL_S3_SECRET_ACCESS_KEY",
}


class PrivateStorage(FileSystemStorage):
    """Uploaded evidence and generated PDFs: on disk, never at a public address."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError(NO_URL)


def default_storage_config(environ: Mapping[str, str], local_root: Path) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry the environment asks for: S3 only when a
    bucket is named, otherwise the private folder ``local_root``."""
    bucket = environ.get("PORTAL_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": local_root}}
    options: dict[str, Any] = {"bucket_name": bucket}
    for option, variable in S3_OPTIONS.items():
        if value := environ.get(variable, "").strip():
            options[option] = value
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
