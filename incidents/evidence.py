"""What the evidence vault accepts (Chestnuts 8.4 "keep evidence"): checked by content only.

A screen print as a JPEG or PNG image, or a document as a PDF, at most 10 MB.
The checking is ``documents.uploads``'s: images are drawn again pixels-only,
so EXIF with its GPS position, comments and text chunks go, and so does
anything hidden beside the pixels (a PNG/HTML polyglot keeps only its
picture); a decompression bomb is refused before it is decoded; a PDF is kept
byte for byte. Web pages, SVG drawings and anything else are refused: the
vault keeps nothing a browser could run.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from documents.uploads import EXTENSIONS, MAX_BYTES, CheckedFile, Messages, clean_upload

__all__ = [
    "ACCEPT",
    "EXTENSIONS",
    "MAX_BYTES",
    "MESSAGES",
    "CheckedFile",
    "Scan",
    "clean_evidence",
]

# A checked file, ready to keep (the same kind of value as a paper copy's scan).
Scan = CheckedFile

# For the file input's ``accept``: what the picker offers first (the content decides).
ACCEPT = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"

MESSAGES = Messages(
    wrong_kind=(
        "Upload the evidence as a JPEG or PNG image (a screen print or photo) or a PDF: "
        "this file is none of these. Web pages and SVG drawings are not accepted: "
        "take a screen print of them instead."
    ),
    empty="The file is empty. Choose the file again.",
    too_big="The file is larger than 10 MB. Save a smaller screen print, or split the PDF.",
    broken_image="The image could not be read: it may be incomplete. Save it again.",
    broken_pdf="The PDF is incomplete or damaged. Save it again.",
    huge_image="The image has too many pixels. Take a screen print of the part that matters.",
    unsafe_image=(
        "The image holds hidden content and cannot be kept. Take a fresh screen print instead."
    ),
)


def clean_evidence(upload: UploadedFile) -> Scan:
    """The upload as a PDF kept byte for byte, or an image re-encoded; else a ValidationError."""
    return clean_upload(upload, MESSAGES)
