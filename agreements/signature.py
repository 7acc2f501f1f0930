"""Signatures drawn on the pad, kept as SVG path data and drawn back from it.

The pad (``static/js/signature-pad.js``) records each stroke as ``M x y`` then
``L x y`` points in a fixed 600 × 200 box, with at most one decimal place. The
server accepts nothing else: the path is never markup, so it can be put into
the page and the PDF as the ``d`` of a ``<path>`` without any risk.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

WIDTH = 600
HEIGHT = 200
MAX_LENGTH = 60_000
_NUMBER = r"\d{1,3}(?:\.\d)?"
_POINT = re.compile(rf"([ML]) ({_NUMBER}) ({_NUMBER})")
_PATH = re.compile(rf"(?:[ML] {_NUMBER} {_NUMBER} ?)+")
# Fewer points than this is a tap, not a signature.
MIN_POINTS = 3

EMPTY_MESSAGE = "Sign in the box, or type your name instead."
BAD_MESSAGE = "The signature could not be read. Clear the box and sign again."


def clean_drawn_signature(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(EMPTY_MESSAGE, code="required")
    if len(value) > MAX_LENGTH or not _PATH.fullmatch(value):
        raise ValidationError(BAD_MESSAGE, code="invalid")
    points = _POINT.findall(value)
    if not points or points[0][0] != "M":
        raise ValidationError(BAD_MESSAGE, code="invalid")
    for _, x, y in points:
        if float(x) > WIDTH or float(y) > HEIGHT:
            raise ValidationError(BAD_MESSAGE, code="invalid")
    if len(points) < MIN_POINTS:
        raise ValidationError(EMPTY_MESSAGE, code="required")
    return " ".join(" ".join(point) for point in points)
