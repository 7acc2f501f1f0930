"""The evidence vault: what a file may be, its clean copy, keeping it, its pages and download."""

from __future__ import annotations

import datetime
import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, PngImagePlugin

from incidents.evidence import MAX_BYTES, clean_evidence
from incidents.models import (
    AccessAction,
    AccessLogEntry,
    EvidenceFile,
    Incident,
    IncidentKind,
    Status,
)
from incidents.services.common import IncidentError
from incidents.services.evidence import evidence_add, evidence_files_guard
from schools.calendar import school_today
from schools.records import save_as
from schools.roles import Role
from tests.documents.conftest import private_storage  # noqa: F401
from tests.factories import member
from tests.incidents.factories import incident_in
from tests.isolation.pages_texts import TINY_PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]

GPS_IFD = 0x8825
WRONG_KIND = "Upload the evidence as a JPEG or PNG image (a screen print or photo) or a PDF"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (60, 40), **save: object) -> bytes:
    image = Image.new("RGB", size, "white")
    image.putpixel((0, 0), (255, 0, 0))
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def polyglot() -> bytes:
    """A real PNG carrying a web page in a text chunk and again after its end."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><script>alert(1)</script></html>")
    return image_bytes(pnginfo=info) + HTML


def bomb() -> bytes:
    """A tiny PNG that says it is 50,000 × 50,000 pixels (2.5 billion, ~7 GB decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


def upload(content: bytes, name: str = "shot.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def files_in(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def closed(incident: Incident, by) -> Incident:
    incident.status = Status.CLOSED
    incident.outcome = "resolved"
    incident.outcome_note = "Dealt with in school."
    incident.closed_at = timezone.now()
    incident.closed_by = by
    save_as(incident, by)
    return incident


def url(incident: Incident, name: str = "evidence-add", **kwargs: object) -> str:
    return reverse(
        f"incidents:{name}",
        kwargs={"school_slug": incident.school.slug, "incident_id": incident.public_id, **kwargs},
    )


def incident_url(incident: Incident) -> str:
    return f"/{incident.school.slug}/incidents/{incident.public_id}/"


def stored_evidence(incident: Incident, by, content: bytes = TINY_PDF, name: str = "a.pdf"):
    return evidence_add(incident=incident, by=by, scan=clean_evidence(upload(content, name)))


# --- What a file may be ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (HTML, "shot.png", WRONG_KIND),
        (SVG, "drawing.svg", WRONG_KIND),
        (bomb(), "big.png", "too many pixels"),
        (b"%PDF-1.4\n" + b"0" * MAX_BYTES + b"\n%%EOF\n", "big.pdf", "larger than 10 MB"),
        (b"", "empty.png", "The file is empty"),
        (image_bytes("JPEG", (400, 300))[:600], "cut.jpg", "could not be read"),
    ],
    ids=["html", "svg-with-script", "decompression-bomb", "over-10-mb", "empty", "truncated"],
)
def test_a_bad_file_is_refused_with_a_clear_message(content, name, message):
    with pytest.raises(ValidationError) as refused:
        clean_evidence(upload(content, name))
    assert message in refused.value.messages[0]


def test_a_png_html_polyglot_keeps_only_its_picture():
    original = polyglot()
    assert b"<script" in original  # the test's premise

    scan = clean_evidence(upload(original))

    assert scan.content_type == "image/png"
    lowered = scan.content.lower()
    assert b"<script" not in lowered
    assert b"<html" not in lowered
    image = Image.open(io.BytesIO(scan.content))
    assert (image.size, image.getpixel((0, 0))) == ((60, 40), (255, 0, 0))


def test_a_photo_loses_its_gps_position():
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    original = image_bytes("JPEG", exif=exif)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise

    scan = clean_evidence(upload(original, "IMG_0001.jpg", "image/jpeg"))

    image = Image.open(io.BytesIO(scan.content))
    assert (scan.content_type, image.format) == ("image/jpeg", "JPEG")
    assert not image.getexif()
    assert b"Exif" not in scan.content
    assert (scan.width, scan.height) == (60, 40)


def test_a_pdf_is_kept_byte_for_byte():
    scan = clean_evidence(upload(TINY_PDF, "letter.pdf", "application/pdf"))
    assert (scan.content, scan.content_type) == (TINY_PDF, "application/pdf")


# --- Keeping it --------------------------------------------------------------------------


def test_the_file_is_kept_under_a_name_the_server_chose_with_its_hash(
    school,
    teacher,
    dsl,
    private_storage,  # noqa: F811
):
    incident = incident_in(school)
    scan = clean_evidence(upload(image_bytes(), "../../etc/passwd.png"))
    taken = timezone.now() - datetime.timedelta(hours=1)

    item = evidence_add(
        incident=incident, by=dsl, scan=scan, description=" The chat ", captured_at=taken
    )

    item.refresh_from_db()
    stored = item.file.read()
    assert item.sha256 == hashlib.sha256(stored).hexdigest()
    assert (item.size, item.content_type) == (len(stored), "image/png")
    assert (item.width, item.height) == (60, 40)
    assert (item.uploaded_by, item.description, item.captured_at) == (dsl, "The chat", taken)
    [path] = files_in(private_storage)
    assert path.parent == private_storage / "incidents" / "evidence"
    assert "passwd" not in item.file.name
    assert ".." not in item.file.name


def test_a_nude_image_incident_stores_no_file(
    school,
    teacher,
    dsl,
    private_storage,  # noqa: F811
):
    incident = incident_in(school, kind=IncidentKind.NUDE_IMAGES, imagery_not_viewed=True)
    with pytest.raises(IncidentError, match="UKCIS"):
        stored_evidence(incident, dsl, image_bytes(), "shot.png")
    assert not EvidenceFile.objects.for_school(school).exists()
    assert files_in(private_storage) == []


def test_a_closed_incident_takes_no_evidence(
    school,
    teacher,
    dsl,
    private_storage,  # noqa: F811
):
    incident = closed(incident_in(school), dsl)
    with pytest.raises(IncidentError, match="is closed"):
        stored_evidence(incident, dsl)
    assert files_in(private_storage) == []


def test_a_screen_print_taken_in_the_future_is_refused_and_its_file_deleted(
    school,
    teacher,
    dsl,
    private_storage,  # noqa: F811
):
    incident = incident_in(school)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        evidence_add(
            incident=incident,
            by=dsl,
            scan=clean_evidence(upload(TINY_PDF)),
            captured_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert not EvidenceFile.objects.for_school(school).exists()
    assert files_in(private_storage) == []


def test_a_failing_outer_transaction_leaves_no_file_behind_its_guard(
    school,
    teacher,
    dsl,
    private_storage,  # noqa: F811
):
    incident = incident_in(school)

    def log_with_evidence() -> None:
        with evidence_files_guard(), transaction.atomic():
            stored_evidence(incident, dsl)
            assert len(files_in(private_storage)) == 1
            raise RuntimeError("a later step of the same change failed")

    with pytest.raises(RuntimeError):
        log_with_evidence()
    assert not EvidenceFile.objects.for_school(school).exists()
    assert files_in(private_storage) == []


# --- The pages ---------------------------------------------------------------------------


def test_a_handler_adds_a_screen_print_and_sees_it_listed(school, teacher, dsl, client_for):
    incident = incident_in(school)
    yesterday = school_today(school) - datetime.timedelta(days=1)
    client = client_for(dsl)
    assert 'enctype="multipart/form-data"' in client.get(url(incident)).content.decode()

    response = client.post(
        url(incident),
        {
            "file": upload(image_bytes()),
            "description": "The class group chat",
            "captured_on": yesterday.isoformat(),
            "captured_time": "19:04",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == incident_url(incident)
    [item] = EvidenceFile.objects.for_school(school).filter(incident=incident)
    assert item.captured_at == datetime.datetime.combine(
        yesterday, datetime.time(19, 4), tzinfo=school.tz
    )
    page = client.get(incident_url(incident)).content.decode()
    assert "The class group chat" in page
    assert item.sha256 in page
    assert url(incident, "evidence", evidence_id=item.public_id) in page


def test_a_bad_file_is_explained_on_the_page_and_nothing_is_kept(
    school,
    teacher,
    dsl,
    client_for,
    private_storage,  # noqa: F811
):
    incident = incident_in(school)
    response = client_for(dsl).post(url(incident), {"file": upload(SVG, "drawing.png")})

    page = response.content.decode()
    assert response.status_code == 200
    assert WRONG_KIND in page
    assert 'href="#id_file"' in page  # the error summary links to the field
    assert not EvidenceFile.objects.for_school(school).exists()
    assert files_in(private_storage) == []


def test_a_time_without_a_day_is_explained(school, teacher, dsl, client_for):
    incident = incident_in(school)
    response = client_for(dsl).post(
        url(incident), {"file": upload(TINY_PDF, "a.pdf"), "captured_time": "10:00"}
    )
    assert "Give the day it was taken as well as the time." in response.content.decode()
    assert not EvidenceFile.objects.for_school(school).exists()


@pytest.mark.parametrize("kind", ["closed", "nude_images"])
def test_an_incident_that_takes_no_file_explains_and_refuses_it(
    school,
    teacher,
    dsl,
    client_for,
    private_storage,  # noqa: F811
    kind,
):
    if kind == "closed":
        incident = closed(incident_in(school), dsl)
        why = "is closed"
    else:
        incident = incident_in(school, kind=IncidentKind.NUDE_IMAGES, imagery_not_viewed=True)
        why = "the imagery is not viewed, copied or stored"
    client = client_for(dsl)

    page = client.get(url(incident)).content.decode()
    assert why in page
    assert 'type="file"' not in page

    response = client.post(url(incident), {"file": upload(image_bytes())})
    assert response["Location"] == incident_url(incident)
    [message] = get_messages(response.wsgi_request)
    assert why in str(message)
    assert "Nothing was saved." in str(message)
    assert not EvidenceFile.objects.for_school(school).exists()
    assert files_in(private_storage) == []


def test_the_file_downloads_as_an_attachment_and_each_download_is_logged(
    school, teacher, dsl, client_for
):
    incident = incident_in(school)
    stored_evidence(incident, dsl)
    item = stored_evidence(incident, dsl, image_bytes(), "second.png")
    client = client_for(dsl)

    for _ in range(2):
        response = client.get(url(incident, "evidence", evidence_id=item.public_id))
        assert b"".join(response.streaming_content) == item.file.open("rb").read()

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="oakfield-inc-{incident.number}-evidence-2.png"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    looks = AccessLogEntry.objects.for_school(school).filter(action=AccessAction.EVIDENCE)
    assert [(look.user, look.incident, look.evidence) for look in looks] == [
        (dsl, incident, item),
        (dsl, incident, item),
    ]


@pytest.mark.parametrize("who", ["teacher", "governor"])
def test_teachers_and_governors_may_not_add_or_download(
    school, teacher, governor, dsl, client_for, who
):
    incident = incident_in(school, by=teacher)  # the teacher logged it: still not a handler
    item = stored_evidence(incident, dsl)
    client = client_for(teacher if who == "teacher" else governor)

    assert client.get(url(incident)).status_code == 403
    assert client.post(url(incident), {"file": upload(TINY_PDF)}).status_code == 403
    download = client.get(url(incident, "evidence", evidence_id=item.public_id))
    assert download.status_code == 403
    assert not AccessLogEntry.objects.for_school(school).exists()


def test_another_schools_incident_and_evidence_are_not_found(
    school, other_school, teacher, dsl, client_for
):
    member(other_school, Role.TEACHER, email="t@riverside.test")
    their_dsl = member(other_school, Role.DSL, email="dsl@riverside.test")
    theirs = incident_in(other_school)
    their_item = stored_evidence(theirs, their_dsl)
    ours = incident_in(school)
    client = client_for(dsl)

    assert client.get(url(theirs).replace("riverside", "oakfield")).status_code == 404
    mixed = url(ours, "evidence", evidence_id=their_item.public_id)
    assert client.get(mixed).status_code == 404
    assert client.get(url(theirs, "evidence", evidence_id=their_item.public_id)).status_code == 404


def test_evidence_of_another_incident_is_not_found_under_this_one(school, teacher, dsl, client_for):
    first, second = incident_in(school), incident_in(school)
    item = stored_evidence(first, dsl)
    response = client_for(dsl).get(url(second, "evidence", evidence_id=item.public_id))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.for_school(school).exists()
