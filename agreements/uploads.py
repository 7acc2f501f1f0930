"""Scans of signed paper copies: what the file really is, and a clean copy of it.

The kind is read from the bytes, never from the file's name or the type the
browser claims: a PDF, a JPEG or a PNG, at most 10 MB. Images are drawn again
into a fresh file, so nothing the camera or scanner wrote beside the pixels
(EXIF with its GPS position, comments, profiles) is kept; the EXIF
orientation is applied first, so the page stays the right way up.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
# A scanned A4 page at 600 dpi is about 35 million pixels.
MAX_PIXELS = 60_000_000
PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}

EMPTY = "The file is empty. Choose the scan again."
TOO_BIG = "The file is larger than 10 MB. Scan at a lower resolution, or save it as a PDF."
WRONG_KIND = "Upload the scan as a PDF, JPEG or PNG file: this file is none of these."
BROKEN_IMAGE = "The image could not be read: it may be incomplete. Save or scan it again."
BROKEN_PDF = "The PDF is incomplete or damaged. Save or scan it again."
HUGE_IMAGE = "The image has too many pixels. Scan at a lower resolution."


@dataclass(frozen=True)
class Scan:
    """A checked scan, ready to store: its bytes are what the school keeps."""

    content: bytes
    content_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def clean_scan(upload: UploadedFile) -> Scan:
    """The upload as a PDF kept byte for byte, or an image re-encoded; else a ValidationError."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    if not data:
        raise ValidationError(EMPTY, code="empty")
    if data.startswith(b"%PDF-"):
        return Scan(_checked_pdf(data), PDF)
    return _reencoded_image(data)


def _checked_pdf(data: bytes) -> bytes:
    # A whole PDF ends with %%EOF (perhaps followed by a line break or two).
    if b"%%EOF" not in data[-1024:] or b"obj" not in data:
        raise ValidationError(BROKEN_PDF, code="broken")
    return data


def _open_image(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ("JPEG", "PNG"):
                raise ValidationError(WRONG_KIND, code="kind")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(HUGE_IMAGE, code="huge")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()  # verify() does not decode: a truncated image fails here
    except UnidentifiedImageError as error:
        raise ValidationError(WRONG_KIND, code="kind") from error
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(HUGE_IMAGE, code="huge") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(BROKEN_IMAGE, code="broken") from error
    return image


def _reencoded_image(data: bytes) -> Scan:
    image = _open_image(data)
    kind = JPEG if image.format == "JPEG" else PNG
    upright = ImageOps.exif_transpose(image)
    if kind == JPEG:
        upright = upright.convert("L" if upright.mode in ("L", "1") else "RGB")
    elif upright.mode not in ("1", "L", "LA", "RGB", "RGBA"):
        upright = upright.convert("RGBA")
    # Pixels only, into a new image: no EXIF, GPS, comments, text chunks or profiles.
    fresh = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    if kind == JPEG:
        fresh.save(out, format="JPEG", quality=90, optimize=True)
    else:
        fresh.save(out, format="PNG", optimize=True)
    content = out.getvalue()
    if len(content) > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    return Scan(content, kind)
