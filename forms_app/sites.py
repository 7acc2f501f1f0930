"""Web addresses as staff paste them: checked, and reduced to "the same site".

Two addresses are the same site when they share a registrable domain
(``news.bbc.co.uk`` and ``www.bbc.co.uk`` are both ``bbc.co.uk``), found with
a copy of the Public Suffix List bundled in the ``publicsuffixlist`` package:
nothing is fetched at run time.
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from publicsuffixlist import PublicSuffixList

from forms_app.models import MAX_URL_LENGTH
from schools.validators import validate_one_line

EXAMPLE = "https://www.example.org/page"


@dataclass(frozen=True)
class Site:
    url: str  # as entered, without surrounding spaces
    host: str  # lower case, no trailing dot, international names as typed
    domain: str  # the registrable domain (or the address itself for an IP)


@functools.cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()


def _host_ascii(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError("The site's name in this address is not valid.") from exc


def registrable_domain(host: str) -> str:
    """``bbc.co.uk`` for ``news.bbc.co.uk``; an IP address or a bare suffix stays as it is."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return host
    return _suffixes().privatesuffix(host) or host


def check_site_url(value: str) -> Site:
    """A full web address, or a ``ValidationError`` that tells the person what to change."""
    url = value.strip()
    if not url:
        raise ValidationError("Enter the site's full address, e.g. " + EXAMPLE + ".")
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(
            f"This address is {len(url):,} characters long; the most is {MAX_URL_LENGTH:,}. "
            "Copy the address of the page itself."
        )
    validate_one_line(url)
    if any(character.isspace() for character in url):
        raise ValidationError("A web address has no spaces in it: copy it from the address bar.")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port that is not a number from 0 to 65535
    except ValueError as exc:
        raise ValidationError("This is not a web address: copy it from the address bar.") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError(
            "Enter a web address that starts with https:// or http://, e.g. " + EXAMPLE + "."
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            "Remove the user name and password from the address: never put them in a request."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValidationError("This address has no site name after “//”, e.g. " + EXAMPLE + ".")
    if port == 0:
        raise ValidationError("This is not a web address: copy it from the address bar.")
    ascii_host = _host_ascii(host)
    if not _looks_like_host(ascii_host):
        raise ValidationError("The site's name in this address is not valid.")
    return Site(url=url, host=host, domain=registrable_domain(host))


def _looks_like_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return True
    labels = host.split(".")
    return len(host) <= 253 and all(
        0 < len(label) <= 63
        and not label.startswith("-")
        and not label.endswith("-")
        and all(c.isalnum() or c == "-" or c == "_" for c in label)
        for label in labels
    )
