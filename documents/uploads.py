"""Files people upload (scans, screen prints): what a file really is, and a clean copy of it.

The kind is read from the bytes, never from the file's name or the type the
browser claims: a PDF, a JPEG or a PNG, within a size limit. A PDF is kept
byte for byte once it looks whole. An image is decoded and its pixels drawn
into a fresh file, so nothing written beside them is kept: EXIF with its GPS
position, comments, text chunks, colour profiles, and whatever was appended
after the image's end (the usual PNG/HTML polyglot). The EXIF orientation is
applied first, so the picture stays the right way up. Only the JPEG and PNG
decoders are ever run on an upload; an image with more pixels than the limit
is refused before it is decoded (a "decompression bomb" is small on disk).

Each use says what the person was uploading in its own words (``Messages``):
"Upload the scan as …", "Upload the evidence as …".
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
LABELS = {PDF: "PDF", JPEG: "JPEG image", PNG: "PNG image"}
# What a browser could take for a web page. A re-encoded picture holding one of
# these was made to (the odds by chance are nil): refused rather than kept.
_MARKUP = (b"<script", b"<html", b"<svg", b"<!doctype", b"<iframe", b"<body", b"<?xml")


@dataclass(frozen=True)
class Messages:
    """What the person is told, in the words of the page they upload on."""

    wrong_kind: str
    empty: str = "The file is empty. Choose the file again."
    too_big: str = "The file is larger than 10 MB."
    broken_image: str = "The image could not be read: it may be incomplete. Save it again."
    broken_pdf: str = "The PDF is incomplete or damaged. Save it again."
    huge_image: str = "The image has too many pixels. Save it at a lower resolution."
    unsafe_image: str = (
        "The image holds hidden content and cannot be kept. Save or capture it again."
    )


@dataclass(frozen=True)
class CheckedFile:
    """A checked upload, ready to store: its bytes are what the school keeps."""

    content: bytes
    content_type: str
    width: int | None = None
    height: int | None = None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def label(self) -> str:
        return LABELS[self.content_type]

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def is_image(self) -> bool:
        return self.content_type != PDF


def clean_upload(upload: UploadedFile, messages: Messages) -> CheckedFile:
    """The upload as a PDF kept byte for byte, or an image re-encoded; else a ValidationError."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(messages.too_big, code="too_big")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(messages.too_big, code="too_big")
    if not data:
        raise ValidationError(messages.empty, code="empty")
    if data.startswith(b"%PDF-"):
        return CheckedFile(_checked_pdf(data, messages), PDF)
    return _reencoded_image(data, messages)


def _checked_pdf(data: bytes, messages: Messages) -> bytes:
    # A whole PDF ends with %%EOF (perhaps followed by a line break or two).
    if b"%%EOF" not in data[-1024:] or b"obj" not in data:
        raise ValidationError(messages.broken_pdf, code="broken")
    return data


def _open_image(data: bytes, messages: Messages) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only these two decoders ever see an upload, whatever else Pillow reads.
            probe = Image.open(io.BytesIO(data), formats=("JPEG", "PNG"))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(messages.huge_image, code="huge")
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=("JPEG", "PNG"))
            image.load()  # verify() does not decode: a truncated image fails here
    except UnidentifiedImageError as error:
        raise ValidationError(messages.wrong_kind, code="kind") from error
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(messages.huge_image, code="huge") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(messages.broken_image, code="broken") from error
    return image


def _pixels_only(image: Image.Image, kind: str) -> Image.Image:
    upright = ImageOps.exif_transpose(image)
    if kind == JPEG:
        upright = upright.convert("L" if upright.mode in ("L", "1") else "RGB")
    elif upright.mode not in ("1", "L", "LA", "RGB", "RGBA"):
        upright = upright.convert("RGBA")
    # Pixels only, into a new image: no EXIF, GPS, comments, text chunks or profiles.
    return Image.frombytes(upright.mode, upright.size, upright.tobytes())


def _reencoded_image(data: bytes, messages: Messages) -> CheckedFile:
    image = _open_image(data, messages)
    kind = JPEG if image.format == "JPEG" else PNG
    try:
        fresh = _pixels_only(image, kind)
    except (OSError, SyntaxError, ValueError, EOFError) as error:  # a mangled EXIF block
        raise ValidationError(messages.broken_image, code="broken") from error
    out = io.BytesIO()
    if kind == JPEG:
        fresh.save(out, format="JPEG", quality=90, optimize=True)
    else:
        fresh.save(out, format="PNG", optimize=True)
    content = out.getvalue()
    if len(content) > MAX_BYTES:
        raise ValidationError(messages.too_big, code="too_big")
    lowered = content.lower()
    if any(marker in lowered for marker in _MARKUP):
        raise ValidationError(messages.unsafe_image, code="unsafe")
    return CheckedFile(content, kind, width=fresh.width, height=fresh.height)
