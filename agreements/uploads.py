"""Scans of signed paper copies: what the file really is, and a clean copy of it.

The checking is ``documents.uploads``'s (shared with the incident evidence
vault): a PDF, a JPEG or a PNG by its content only, at most 10 MB; images are
drawn again pixels-only, turned upright, with EXIF, GPS and all metadata gone.
This module gives it the paper-copy page's words.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from documents.uploads import (
    EXTENSIONS,
    JPEG,
    MAX_BYTES,
    MAX_PIXELS,
    PDF,
    PNG,
    CheckedFile,
    Messages,
    clean_upload,
)

__all__ = [
    "BROKEN_IMAGE",
    "BROKEN_PDF",
    "EMPTY",
    "EXTENSIONS",
    "HUGE_IMAGE",
    "JPEG",
    "MAX_BYTES",
    "MAX_PIXELS",
    "PDF",
    "PNG",
    "TOO_BIG",
    "WRONG_KIND",
    "Scan",
    "clean_scan",
]

# A checked scan, ready to store: its bytes are what the school keeps.
Scan = CheckedFile

EMPTY = "The file is empty. Choose the scan again."
TOO_BIG = "The file is larger than 10 MB. Scan at a lower resolution, or save it as a PDF."
WRONG_KIND = "Upload the scan as a PDF, JPEG or PNG file: this file is none of these."
BROKEN_IMAGE = "The image could not be read: it may be incomplete. Save or scan it again."
BROKEN_PDF = "The PDF is incomplete or damaged. Save or scan it again."
HUGE_IMAGE = "The image has too many pixels. Scan at a lower resolution."

_MESSAGES = Messages(
    wrong_kind=WRONG_KIND,
    empty=EMPTY,
    too_big=TOO_BIG,
    broken_image=BROKEN_IMAGE,
    broken_pdf=BROKEN_PDF,
    huge_image=HUGE_IMAGE,
    unsafe_image="The image holds hidden content and cannot be kept. Scan it again.",
)


def clean_scan(upload: UploadedFile) -> Scan:
    """The upload as a PDF kept byte for byte, or an image re-encoded; else a ValidationError."""
    return clean_upload(upload, _MESSAGES)
