"""The kiosk: a tablet at a parents' evening where families sign the agreement.

A member of staff starts it (``start``); from then on that browser shows only
the kiosk's pages (``agreements.kiosk.KioskMiddleware``) until they leave with
their password (``leave``) or the kiosk expires. Every page is ``no-store`` and
the form is never filled in for anyone: what one family entered is gone when
the next family's clean form appears.

Who may open a kiosk's pages: any member of staff of the school, while the
kiosk is open. The browser that started it is the one locked to it; a colleague
opening the same address on their own device sees the same form (a second
tablet at the same event) without being locked in. Another school's kiosk, or
one that does not exist, is the usual 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import KIOSK_RUNNERS, MODULE
from agreements.forms.kiosk import KioskExitForm, KioskStartForm, default_event
from agreements.forms.signing import SignForm
from agreements.kiosk import (
    enter_kiosk_mode,
    exit_failed,
    exit_locked,
    exit_reset,
    in_kiosk_mode,
    is_open,
    kiosk_path,
    leave_kiosk_mode,
)
from agreements.models import ENGLISH, AgreementVersion, KioskSession, Method
from agreements.services.kiosk import kiosk_end, kiosk_start
from agreements.services.signing import agreement_sign, signed_text
from agreements.services.texts import current_version, version_languages
from agreements.text import blocks
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors

# How long the thank-you screen stays before the next family's clean form.
THANKS_SECONDS = 8
CHANGED_TEXT = (
    "The agreement was updated while you were reading it. Please read it again above, "
    "then sign. Nothing was saved."
)


def _kiosk_for(request: SchoolRequest, kiosk_id: uuid.UUID) -> KioskSession:
    kiosks = KioskSession.objects.get_queryset().select_related("school", "started_by")
    return get_object_for(request, kiosks, public_id=kiosk_id)


def _wants_json(request: SchoolRequest) -> bool:
    """kiosk.js sends the form with fetch and asks for JSON; a plain POST does not."""
    return "application/json" in request.headers.get("Accept", "")


def _go(request: SchoolRequest, to: str) -> HttpResponse:
    """Where to next: a redirect, or for kiosk.js the address to replace the page with."""
    if _wants_json(request):
        return JsonResponse({"next": to})
    return redirect(to)


@school_view(*KIOSK_RUNNERS, module=MODULE)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: SchoolRequest) -> HttpResponse:
    """Name the event and how long it runs; this browser then becomes the kiosk."""
    initial = {"event": default_event(school_today(request.school))}
    form = KioskStartForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            kiosk = kiosk_start(school=request.school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            enter_kiosk_mode(request, kiosk)
            return redirect(kiosk_path(kiosk))
    return render(request, "agreements/kiosk/start.html", {"form": form})


def _ended(request: SchoolRequest, kiosk: KioskSession) -> HttpResponse:
    """The kiosk is over: say so, and sign out the browser that was locked to it."""
    if in_kiosk_mode(request, kiosk):
        logout(request)
    return render(request, "agreements/kiosk/ended.html", {"kiosk": kiosk})


@school_view(*KIOSK_RUNNERS, module=MODULE)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_page(request: SchoolRequest, kiosk_id: uuid.UUID) -> HttpResponse:
    """The agreement and the form; a signature leads to the thank-you page (POST, redirect)."""
    kiosk = _kiosk_for(request, kiosk_id)
    if not is_open(kiosk):
        if request.method == "POST" and _wants_json(request):
            # Nothing is saved; the page it goes to says the kiosk has ended.
            return JsonResponse({"next": kiosk_path(kiosk)}, status=409)
        return _ended(request, kiosk)
    version = current_version(request.school)
    if version is None:
        return render(request, "agreements/kiosk/not_ready.html", {"kiosk": kiosk})
    languages = version_languages(version)
    codes = frozenset(code for code, _ in languages)
    if request.method == "POST":
        form = SignForm(request.POST, school=request.school, languages=codes)
        if form.is_valid() and request.POST.get("version") != str(version.public_id):
            form.add_error(None, CHANGED_TEXT)
        if form.is_valid():
            agreement_sign(
                school=request.school,
                key=form.cleaned_data["key"],
                version=version,
                signer=form.signer(),
                method=Method.KIOSK,
                kiosk=kiosk,
                recorded_by=kiosk.started_by,
            )
            return _go(request, reverse("agreements:kiosk-thanks", kwargs=_kwargs(kiosk)))
        if _wants_json(request):
            # kiosk.js then sends the form the plain way, and the page shows what to fix.
            return JsonResponse({"invalid": True}, status=400)
        language = form.data.get("language", ENGLISH)
    else:
        language = request.GET.get("language", ENGLISH)
        language = language if language in codes else ENGLISH
        form = SignForm(
            school=request.school,
            languages=codes,
            initial={"key": uuid.uuid4(), "language": language},
        )
    return _form_page(request, kiosk, version, form, languages, language)


def _form_page(
    request: SchoolRequest,
    kiosk: KioskSession,
    version: AgreementVersion,
    form: SignForm,
    languages: list[tuple[str, str]],
    language: str,
) -> HttpResponse:
    if language not in dict(languages):
        language = ENGLISH  # never a posted value the page has not offered
    language, _, title, body = signed_text(version, language)
    context: dict[str, Any] = {
        "kiosk": kiosk,
        "form": form,
        "title": title,
        "version_blocks": blocks(body),
        "version_id": version.public_id,
        "languages": languages,
        "language": language,
        "kiosk_mode": in_kiosk_mode(request, kiosk),
    }
    return render(request, "agreements/kiosk/kiosk.html", context)


def _kwargs(kiosk: KioskSession) -> dict[str, Any]:
    return {"school_slug": kiosk.school.slug, "kiosk_id": kiosk.public_id}


@school_view(*KIOSK_RUNNERS, module=MODULE)
@never_cache
@require_safe
def thanks(request: SchoolRequest, kiosk_id: uuid.UUID) -> HttpResponse:
    """Thanks, and nothing else: not even the family's name. Then a clean form."""
    kiosk = _kiosk_for(request, kiosk_id)
    if not is_open(kiosk):
        return _ended(request, kiosk)
    context = {"kiosk": kiosk, "next": kiosk_path(kiosk), "seconds": THANKS_SECONDS}
    return render(request, "agreements/kiosk/thanks.html", context)


@school_view(*KIOSK_RUNNERS, module=MODULE)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: SchoolRequest, kiosk_id: uuid.UUID) -> HttpResponse:
    """Staff only: the password of whoever started the kiosk ends it."""
    kiosk = _kiosk_for(request, kiosk_id)
    if not is_open(kiosk):
        return _ended(request, kiosk)
    posted = request.POST if request.method == "POST" else None
    locked = posted is not None and exit_locked(kiosk)
    form = KioskExitForm(posted, starter=kiosk.started_by, locked=locked)
    if form.is_bound:
        if form.is_valid():
            exit_reset(kiosk)
            kiosk_end(kiosk=kiosk, by=kiosk.started_by)
            if in_kiosk_mode(request, kiosk):
                leave_kiosk_mode(request)
            messages.success(request, f"Kiosk mode has ended: {kiosk.event}.")
            return redirect("schools:home", school_slug=request.school.slug)
        elif form.data.get("password") and not locked:
            exit_failed(kiosk)
    context = {"kiosk": kiosk, "form": form, "kiosk_mode": in_kiosk_mode(request, kiosk)}
    return render(request, "agreements/kiosk/exit.html", context)


urlpatterns: list[URLPattern] = [
    path("kiosk/start/", start, name="kiosk-start"),
    path("kiosk/<uuid:kiosk_id>/", kiosk_page, name="kiosk"),
    path("kiosk/<uuid:kiosk_id>/thanks/", thanks, name="kiosk-thanks"),
    path("kiosk/<uuid:kiosk_id>/exit/", leave, name="kiosk-exit"),
]
