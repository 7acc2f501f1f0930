"""Paper copies: the form, what a scan may be, its clean copy, and its download."""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agreements.models import Agreement, Match, Method, SignatureKind
from agreements.uploads import MAX_BYTES
from schools.calendar import current_academic_year, school_today
from schools.roles import Role
from tests.agreements.factories import child_in, class_in, signed_in, version_in
from tests.documents.conftest import private_storage  # noqa: F401
from tests.factories import member
from tests.isolation.pages_texts import TINY_PDF, paper_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def url(name: str = "paper-add", slug: str = "oakfield", **kwargs: object) -> str:
    return reverse(f"agreements:{name}", kwargs={"school_slug": slug, **kwargs})


def image_bytes(fmt: str, size: tuple[int, int] = (60, 40), gps: bool = False) -> bytes:
    image = Image.new("RGB", size, "white")
    for x in range(10):
        image.putpixel((x, 0), (255, 0, 0))  # a red mark top left, to see the turn
    exif = Image.Exif()
    if gps:
        exif[ORIENTATION] = 6  # the camera was turned: show rotated 90° clockwise
        exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, **({"exif": exif} if gps else {}))
    return out.getvalue()


def upload(content: bytes, name: str = "scan.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def filled(school, scan, **fields: object) -> dict[str, object]:
    version = version_in(school)
    data: dict[str, object] = {
        "key": str(uuid.uuid4()),
        "parent_name": "Farah Khan",
        "child_name": "Amira Khan",
        "school_class": str(class_in(school).pk),
        "signed_on": school_today(school).isoformat(),
        "text": f"{version.public_id}:en",
        "scan": scan,
    }
    data.update(fields)
    return data


def recorded(school) -> list[Agreement]:
    return list(Agreement.objects.for_school(school))


def files_in(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_paper_copy_is_recorded_with_its_scan(school, head, teacher, client_for):
    child = child_in(school)
    response = client_for(teacher).post(
        url(), filled(school, upload(TINY_PDF), second_carer_name="Omar Khan")
    )

    assert response.status_code == 302
    [agreement] = recorded(school)
    assert (agreement.method, agreement.signature_kind) == (Method.PAPER, SignatureKind.PAPER)
    assert agreement.second_signature_kind == SignatureKind.PAPER
    assert agreement.recorded_by == teacher
    assert (agreement.child, agreement.match) == (child, Match.MATCHED)
    assert agreement.scan_content_type == "application/pdf"
    stored = agreement.scan.read()
    assert stored == TINY_PDF
    assert agreement.scan_sha256 == hashlib.sha256(stored).hexdigest()
    assert "scan" not in Path(agreement.scan.name).name  # the server named it


def test_the_date_signed_is_kept(school, head, teacher, client_for):
    year = current_academic_year(school)
    day = max(year.start, school_today(school) - datetime.timedelta(days=3))
    client_for(teacher).post(url(), filled(school, upload(TINY_PDF), signed_on=day.isoformat()))
    [agreement] = recorded(school)
    assert agreement.signed_at.astimezone(school.tz).date() == day


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "The date cannot be in the future."), (-400, "Give a date in the academic year")],
)
def test_a_date_outside_the_year_is_refused(
    school,
    head,
    teacher,
    client_for,
    private_storage,  # noqa: F811
    days,
    message,
):
    day = school_today(school) + datetime.timedelta(days=days)
    response = client_for(teacher).post(
        url(), filled(school, upload(TINY_PDF), signed_on=day.isoformat())
    )
    assert message in response.content.decode()
    assert recorded(school) == []
    assert files_in(private_storage) == []


def test_a_jpeg_is_saved_again_without_its_gps_position_and_the_right_way_up(
    school, head, teacher, client_for
):
    original = image_bytes("JPEG", gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise

    client_for(teacher).post(url(), filled(school, upload(original, "IMG_0001.jpg", "image/jpeg")))

    [agreement] = recorded(school)
    stored = agreement.scan.read()
    image = Image.open(io.BytesIO(stored))
    assert agreement.scan_content_type == "image/jpeg"
    assert image.format == "JPEG"
    assert not image.getexif()
    assert not image.getexif().get_ifd(GPS_IFD)
    assert b"Exif" not in stored
    assert image.size == (40, 60)  # turned as the orientation said
    assert agreement.scan_sha256 == hashlib.sha256(stored).hexdigest()


def test_a_png_named_pdf_is_kept_as_the_png_it_is(school, head, teacher, client_for):
    client_for(teacher).post(url(), filled(school, upload(image_bytes("PNG"), "scan.pdf")))
    [agreement] = recorded(school)
    assert agreement.scan_content_type == "image/png"
    assert agreement.scan.name.endswith(".png")
    assert Image.open(agreement.scan).format == "PNG"


BAD_FILES = {
    "a program renamed .pdf": (b"MZ\x90\x00\x03" + b"\x00" * 200, "Upload the scan as a PDF"),
    "a GIF": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "Upload the scan as a PDF"),
    "a truncated JPEG": (image_bytes("JPEG", (400, 300))[:600], "could not be read"),
    "a PDF with no end": (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "The PDF is incomplete"),
    "an empty file": (b"", "The file is empty"),
    "too big": (b"%PDF-1.4\n" + b"0" * MAX_BYTES + b"\n%%EOF\n", "larger than 10 MB"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_next_to_the_field_and_nothing_is_kept(
    school,
    head,
    teacher,
    client_for,
    private_storage,  # noqa: F811
    kind,
):
    content, message = BAD_FILES[kind]
    response = client_for(teacher).post(url(), filled(school, upload(content)))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'href="#id_scan"' in page  # the error summary links to the field
    assert recorded(school) == []
    assert files_in(private_storage) == []


def test_a_missing_scan_is_refused(school, head, teacher, client_for):
    data = filled(school, None)
    del data["scan"]
    response = client_for(teacher).post(url(), data)
    assert "Choose the scan of the signed paper copy." in response.content.decode()
    assert recorded(school) == []


def test_the_same_form_sent_twice_records_one_copy(
    school,
    head,
    teacher,
    client_for,
    private_storage,  # noqa: F811
):
    data = filled(school, upload(TINY_PDF))
    client = client_for(teacher)
    client.post(url(), data)
    data["scan"] = upload(TINY_PDF)
    client.post(url(), data)
    assert len(recorded(school)) == 1
    assert len(files_in(private_storage)) == 1


def test_the_scan_downloads_as_an_attachment_only(school, head, teacher, client_for):
    agreement = paper_in(school)
    response = client_for(teacher).get(url("scan", agreement_id=agreement.public_id))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_another_schools_scan_is_not_found(school, other_school, head, teacher, client_for):
    member(other_school, Role.HEADTEACHER, Role.TEACHER, email="t@riverside.test")
    theirs = paper_in(other_school)
    response = client_for(teacher).get(url("scan", agreement_id=theirs.public_id))
    assert response.status_code == 404


def test_an_agreement_without_a_scan_has_no_scan_to_download(school, head, teacher, client_for):
    agreement = signed_in(school)
    response = client_for(teacher).get(url("scan", agreement_id=agreement.public_id))
    assert response.status_code == 404


def test_a_governor_may_not_record_paper_copies(school, head, governor, client_for):
    assert client_for(governor).get(url()).status_code == 403
