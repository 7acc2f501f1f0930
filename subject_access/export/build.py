"""The ZIP of one subject access request: a README, a CSV per kind of record, a PDF per record.

PDFs are laid out by the portal's renderer (``documents.pdf.render_pdf``: a
separate process, under its time and memory limits) with the shared A4 layout.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone

from documents.pdf import render_pdf
from documents.services import uk_datetime
from forms_app.register import safe_cell
from subject_access.export.collect import collect
from subject_access.export.layout import Bundle, Page, Table
from subject_access.models import SubjectAccessRequest

Progress = Callable[[int, str], None]
PDF_TEMPLATE = "subject_access/pdf_record.html"
README = "subject_access/export_readme.txt"


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    writer.writerows([safe_cell(value) for value in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")  # Excel reads UTF-8 with its byte-order mark


def pdf_bytes(request: SubjectAccessRequest, page: Page, stamp: str) -> bytes:
    html = render_to_string(
        PDF_TEMPLATE,
        {
            "school": request.school,
            "document_title": page.title,
            "reference": f"{request.school.slug.upper()}-{request.reference}",
            "version": "",
            "generated_at": stamp,
            "heading": page.heading,
            "intro": page.intro,
            "sections": page.sections,
            "request": request,
        },
    )
    return render_pdf(html)


def _readme(request: SubjectAccessRequest, bundle: Bundle, stamp: str) -> bytes:
    text = render_to_string(
        README,
        {
            "request": request,
            "stamp": stamp,
            "tables": [t for t in bundle.tables if t.rows],
            "empty": [t for t in bundle.tables if not t.rows],
            "pages": bundle.pages,
        },
    )
    return text.encode()


def build_zip(request: SubjectAccessRequest, progress: Progress) -> bytes:
    progress(5, "Gathering the records")
    bundle = collect(request)
    stamp = uk_datetime(timezone.now(), request.school.tz)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(request, bundle, stamp))
        for table in bundle.tables:
            if table.rows:
                archive.writestr(f"csv/{table.name}", csv_bytes(table))
        total = len(bundle.pages)
        for done, page in enumerate(bundle.pages):
            progress(10 + 85 * done // max(total, 1), f"Laying out PDF {done + 1} of {total}")
            archive.writestr(f"pdf/{page.name}", pdf_bytes(request, page, stamp))
    return out.getvalue()
