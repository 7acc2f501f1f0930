"""Private files in an S3-compatible bucket (AWS S3, MinIO, Ceph and the like).

Chosen by settings when ``PORTAL_S3_BUCKET`` is set (policyportal.storage).
"""

from __future__ import annotations

from typing import Any

from botocore.config import Config  # type: ignore[import-untyped]
from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

from policyportal.storage import NO_URL


class PrivateS3Storage(S3Storage):
    """Private objects with no URL, signed or not: files still leave only through views."""

    def get_default_settings(self) -> dict[str, Any]:
        defaults: dict[str, Any] = super().get_default_settings()
        defaults.update(
            # Objects are readable only with the portal's own credentials.
            default_acl="private",
            # As on disk: a name already taken gets a new one instead of
            # replacing another record's file.
            file_overwrite=False,
            querystring_auth=False,
            # A slow or unreachable store fails the request within seconds
            # instead of holding a gunicorn worker.
            client_config=Config(connect_timeout=3, read_timeout=30, retries={"max_attempts": 3}),
        )
        return defaults

    def url(
        self,
        name: str | None,
        parameters: object = None,
        expire: object = None,
        http_method: object = None,
    ) -> str:
        raise NotImplementedError(NO_URL)
