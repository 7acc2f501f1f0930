"""The agreement text (headteacher): the versions of each year, new versions, translations.

Nothing here is deleted or edited in place: a change is a new version, and a
signed agreement keeps the exact text it was signed on (issue 1). A version
marked material asks the families who signed earlier ones to sign again.
"""

from __future__ import annotations

import uuid
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import AGREEMENT_MANAGERS, MODULE
from agreements.forms.texts import TranslationForm, VersionForm
from agreements.models import AgreementTranslation, AgreementVersion
from agreements.services.texts import (
    agreement_round_start,
    agreement_translation_save,
    agreement_version_create,
    current_version,
)
from agreements.text import blocks
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import AcademicYear, current_academic_year
from schools.forms import add_service_errors


def _versions(request: SchoolRequest) -> list[AgreementVersion]:
    translations = AgreementTranslation.objects.for_school(request.school).select_related(
        "added_by"
    )
    return list(
        AgreementVersion.objects.for_school(request.school)
        .select_related("created_by")
        .prefetch_related(Prefetch("translations", queryset=translations))
        .order_by("-academic_year", "-number")
    )


def _to_texts(request: SchoolRequest) -> HttpResponse:
    return redirect("agreements:texts", school_slug=request.school.slug)


@school_view(*AGREEMENT_MANAGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def texts(request: SchoolRequest) -> HttpResponse:
    """The versions, newest year first; POST starts this year's round."""
    year = current_academic_year(request.school)
    if request.method == "POST":
        had = current_version(request.school, year.year) is not None
        version = agreement_round_start(
            school=request.school, by=request.user, academic_year=year.year
        )
        if not had:
            messages.success(
                request,
                f"The {year.label} round has started with version {version.number}: "
                "every family is asked to sign it.",
            )
        return _to_texts(request)
    versions = _versions(request)
    years = [
        (AcademicYear(request.school, number), list(rows))
        for number, rows in groupby(versions, key=lambda version: version.academic_year)
    ]
    context = {
        "years": years,
        "this_year": year,
        "started": any(version.academic_year == year.year for version in versions),
    }
    return render(request, "agreements/texts/list.html", context)


@school_view(*AGREEMENT_MANAGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def text_new(request: SchoolRequest) -> HttpResponse:
    """A new version of this year's text, starting from the current one."""
    year = current_academic_year(request.school)
    current = current_version(request.school, year.year)
    form = VersionForm(request.POST if request.method == "POST" else None, current=current)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            version = agreement_version_create(
                school=request.school,
                by=request.user,
                academic_year=year.year,
                title=data["title"],
                body=data["body"],
                material=data.get("material", True),
                change_note=data["change_note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _created_message(version))
            return redirect(
                "agreements:text", school_slug=request.school.slug, version_id=version.public_id
            )
    context = {
        "form": form,
        "current": current,
        "current_blocks": blocks(current.body) if current else [],
        "this_year": year,
    }
    return render(request, "agreements/texts/new.html", context)


def _created_message(version: AgreementVersion) -> str:
    if version.material:
        return (
            f"Version {version.number} is now the text families sign. It is a material "
            "change: families who signed an earlier version are asked to sign again."
        )
    return (
        f"Version {version.number} is now the text families sign. Signatures already "
        "given this year still count."
    )


def _version(request: SchoolRequest, version_id: uuid.UUID) -> AgreementVersion:
    versions = AgreementVersion.objects.get_queryset().select_related("created_by")
    return get_object_for(request, versions, public_id=version_id)


@school_view(*AGREEMENT_MANAGERS, module=MODULE)
@require_safe
def text(request: SchoolRequest, version_id: uuid.UUID) -> HttpResponse:
    """One version laid out as families see it, with its translations."""
    version = _version(request, version_id)
    translations = [
        (translation, blocks(translation.body))
        for translation in version.translations.select_related("added_by")
    ]
    context = {
        "version": version,
        "version_blocks": blocks(version.body),
        "translations": translations,
        "is_current": current_version(request.school, version.academic_year) == version,
        "year": AcademicYear(request.school, version.academic_year),
    }
    return render(request, "agreements/texts/detail.html", context)


@school_view(*AGREEMENT_MANAGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def translation_add(request: SchoolRequest, version_id: uuid.UUID) -> HttpResponse:
    """Add the version's text in another language, or replace that language's text."""
    version = _version(request, version_id)
    form = TranslationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        replaced = version.translations.filter(language=data["language"]).exists()
        try:
            translation = agreement_translation_save(
                school=request.school, by=request.user, version=version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            what = "replaced" if replaced else "added"
            messages.success(request, f"The {translation.language_name} text is {what}.")
            return redirect(
                "agreements:text", school_slug=request.school.slug, version_id=version.public_id
            )
    context = {"form": form, "version": version, "version_blocks": blocks(version.body)}
    return render(request, "agreements/texts/translation_form.html", context)


urlpatterns: list[URLPattern] = [
    path("agreements/text/", texts, name="texts"),
    path("agreements/text/new/", text_new, name="text-new"),
    path("agreements/text/<uuid:version_id>/", text, name="text"),
    path(
        "agreements/text/<uuid:version_id>/translations/new/",
        translation_add,
        name="translation-add",
    ),
]
