"""What WeasyPrint may read while it lays out a PDF: the portal's own static files.

Every stylesheet, image and font goes through ``portal_fetcher``: static files
are read from disk (never requested, whatever host the HTML names), inline
``data:`` images are decoded, and everything else is refused, so a record
that contains ``<img src="https://…">`` renders without the image and
without a request leaving the machine.
"""

from __future__ import annotations

import mimetypes
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]

# Relative and root-relative URLs in a PDF template resolve against this
# address; ``.invalid`` is reserved, so nothing could ever be fetched from it.
PORTAL_BASE_URL = "https://portal.invalid/"
STATIC_SUFFIXES = frozenset({".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".woff", ".woff2"})


def portal_fetcher(allowed_host: str) -> Any:
    """The URL fetcher WeasyPrint gets: ``fetch_resource`` for every URL."""
    from weasyprint.urls import URLFetcher

    class PortalUrlFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            return fetch_resource(url, allowed_host=allowed_host)

    return PortalUrlFetcher(allowed_protocols=["data"])


def fetch_resource(url: str, *, allowed_host: str = "") -> URLFetcherResponse:
    """Serve ``url`` if it is one of the portal's static files or an inline image.

    Anything else raises ``PermissionError``; WeasyPrint then leaves the
    resource out and goes on rendering.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    parts = urlsplit(url)
    if parts.scheme == "data":
        if not parts.path.startswith("image/"):
            raise PermissionError(f"Only inline images may be embedded in a PDF, not {url[:40]}")
        response: URLFetcherResponse = URLFetcher(allowed_protocols=["data"]).fetch(url)
        return response
    path = static_path(url, allowed_host=allowed_host)
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    with open(path, "rb") as file:
        body = file.read()
    return URLFetcherResponse(url, body, {"Content-Type": content_type})


def static_path(url: str, *, allowed_host: str = "") -> str:
    """The file on disk behind a static URL of the portal, or ``PermissionError``.

    ``allowed_host``: the host of the ``base_url`` a caller rendered with; its
    static URLs are read from disk too, never requested.
    """
    parts = urlsplit(url)
    static_url = settings.STATIC_URL or "/static/"
    hosts = {urlsplit(PORTAL_BASE_URL).netloc, allowed_host} - {""}
    if parts.scheme not in ("http", "https") or parts.netloc not in hosts:
        raise PermissionError(f"PDFs never fetch from the network: {url[:200]}")
    if not parts.path.startswith(static_url):
        raise PermissionError(f"Only the portal's static files may be used in a PDF: {url[:200]}")
    relative = unquote(parts.path[len(static_url) :])
    if os.path.splitext(relative)[1].lower() not in STATIC_SUFFIXES:
        raise PermissionError(f"Not a stylesheet, image or font: {url[:200]}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise PermissionError(f"Not a static file: {url[:200]}") from exc
    if not isinstance(found, str):
        raise PermissionError(f"No such static file: {url[:200]}")
    return found
