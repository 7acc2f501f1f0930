from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Uploaded evidence and generated PDFs: on disk, never at a public address."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Private files have no URL: serve them through a view that checks access."
        )
