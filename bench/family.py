"""A family's signature at the kiosk, as the form posts it: for bench/pages.py and locust.

Plain Python (no Django), so that locust's process can import it too.
"""

from __future__ import annotations

import re
import uuid


def signature(version: str, school_class: str) -> dict[str, str]:
    """A new family's typed signature, with a fresh idempotency key: never a replay."""
    key = str(uuid.uuid4())
    name = key[:8]
    return {
        "key": key,
        "version": version,
        "language": "en",
        "parent_name": f"Parent {name}",
        "child_name": f"Child {name}",
        "school_class": school_class,
        "how": "typed",
        "typed_signature": f"Parent {name}",
        "agree": "on",
    }


def kiosk_form(page: str) -> tuple[str, str] | None:
    """The agreement version and the first class the kiosk's form offers, if it offers them."""
    version = re.search(r'name="version" value="([^"]+)"', page)
    school_class = re.search(r'<option value="(\d+)"', page)
    if version is None or school_class is None:
        return None
    return version.group(1), school_class.group(1)
