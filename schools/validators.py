"""Checks on what people type into a school's configuration and records.

Markup is harmless here (templates escape it); characters a reader cannot see
are not: control characters, line separators in a one-line field, and the
bidirectional overrides that make text read differently from what it is.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator

_INVISIBLE = "\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_ONE_LINE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_INVISIBLE}]")

INVISIBLE_MESSAGE = "Remove the invisible or control characters from this text."


def validate_one_line(value: str) -> None:
    """Text for a one-line field: no line breaks, tabs or invisible characters."""
    if _ONE_LINE.search(value):
        raise ValidationError(INVISIBLE_MESSAGE, code="invisible")


def validate_text(value: str) -> None:
    """Text for a box of several lines: line breaks and tabs allowed, nothing invisible."""
    if _MULTI_LINE.search(value):
        raise ValidationError(INVISIBLE_MESSAGE, code="invisible")


# Web pages only: no javascript:, data: or ftp: links in lists parents are shown.
# Its own code, so that a form's "Enter a valid URL." does not replace the message.
validate_web_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address starting https:// (or http://).",
    code="web_address",
)

# As the policy writes them: "191", "4445 or 202", "0800 956 6000", "+44 …".
validate_phone_numbers = RegexValidator(
    r"^\+?[0-9][0-9 ]*(?: or \+?[0-9][0-9 ]*)*$",
    message="Enter digits and spaces only, e.g. 0800 956 6000, or two numbers as “4445 or 202”.",
)
