"""Paper copies (issue 5): staff record a signed paper copy with its scan, and
download the scan again. Scans live in private storage and leave only through
``scan``, which checks the person's role and the school like any record."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import AGREEMENT_READERS, MODULE
from agreements.forms.paper import PaperForm
from agreements.looks import agreement_looked_at
from agreements.models import Agreement, AgreementVersion
from agreements.services.paper import agreement_record_paper
from agreements.uploads import EXTENSIONS
from incidents.models import AccessAction
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import current_academic_year, school_today
from schools.forms import add_service_errors


def _versions(request: SchoolRequest) -> list[AgreementVersion]:
    year = current_academic_year(request.school).year
    return list(
        AgreementVersion.objects.for_school(request.school)
        .filter(academic_year=year)
        .prefetch_related("translations")
        .order_by("-number")
    )


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def paper_add(request: SchoolRequest) -> HttpResponse:
    versions = _versions(request)
    posted = request.method == "POST"
    form = PaperForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        school=request.school,
        versions=versions,
        today=school_today(request.school),
        initial={"key": uuid.uuid4()},
    )
    if form.is_bound and form.is_valid():
        version, _ = form.version_and_language()
        try:
            agreement, _ = agreement_record_paper(
                school=request.school,
                by=request.user,
                key=form.cleaned_data["key"],
                version=version,
                signer=form.signer(),
                signed_on=form.cleaned_data["signed_on"],
                scan=form.cleaned_data["scan"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The paper copy is recorded as {agreement.reference}, with its scan.",
            )
            return redirect("agreements:paper-add", school_slug=request.school.slug)
    context = {"form": form, "started": bool(versions)}
    return render(request, "agreements/paper/form.html", context)


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def scan(request: SchoolRequest, agreement_id: uuid.UUID) -> HttpResponseBase:
    """The scanned paper copy, as a download only (never shown inline)."""
    agreement = get_object_for(request, Agreement, public_id=agreement_id)
    if not agreement.scan or agreement.scan_content_type not in EXTENSIONS:
        raise Http404
    extension = EXTENSIONS[agreement.scan_content_type]
    if request.method == "GET":  # a HEAD hands over no content
        agreement_looked_at(agreement=agreement, user=request.user, action=AccessAction.SCAN)
    response = FileResponse(
        agreement.scan.open("rb"),
        as_attachment=True,
        filename=f"{request.school.slug}-{agreement.reference.lower()}-scan.{extension}",
        content_type=agreement.scan_content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("agreements/paper/new/", paper_add, name="paper-add"),
    path("agreements/signed/<uuid:agreement_id>/scan/", scan, name="scan"),
]
