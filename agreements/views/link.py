"""Signing by a personal link (issue 4).

Staff send a family a link (``/agreements/links/``); the family opens it at
``/sign/<token>/`` without an account, on a phone or a computer, and signs the
same form as at the kiosk. The child's name and class come from the roster,
never from what the browser sends. A link that was used, cancelled, has
expired or was tampered with shows a plain page saying so, and nothing else.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import AGREEMENT_READERS, MODULE
from agreements.forms.links import LinkForm
from agreements.forms.signing import SignForm
from agreements.models import ENGLISH, Agreement, AgreementVersion, Method, SigningLink
from agreements.services.links import (
    LinkState,
    family_signed,
    link_cancel,
    link_from_token,
    link_send,
    link_state,
    link_states,
)
from agreements.services.signing import agreement_sign, signed_text
from agreements.services.texts import YearTexts, version_languages, year_texts
from agreements.text import blocks
from schools.access import SchoolRequest, get_object_for, public_school_view, school_view
from schools.calendar import current_academic_year
from schools.forms import add_service_errors

# --- Staff: sending links ------------------------------------------------------------


def _links_this_year(request: SchoolRequest, texts: YearTexts) -> list[SigningLink]:
    """This year's links, each with whether its child's family has signed."""
    year = current_academic_year(request.school).year
    return list(
        SigningLink.objects.for_school(request.school)
        .filter(academic_year=year)
        .select_related("child", "child__school_class", "created_by")
        .annotate(family_signed=family_signed(request.school, year, texts))
        .order_by("-created_at")
    )


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def links(request: SchoolRequest) -> HttpResponse:
    """Send a family their link; the links sent this year, with their state."""
    form = LinkForm(request.POST if request.method == "POST" else None, school=request.school)
    if form.is_bound and form.is_valid():
        try:
            link = link_send(school=request.school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"A personal link for {link.child.full_name} is on its way to {link.email}. "
                "It works once and expires in 14 days.",
            )
            return redirect("agreements:links", school_slug=request.school.slug)
    this_year = current_academic_year(request.school)
    texts = year_texts(request.school, this_year.year)
    sent = _links_this_year(request, texts)
    states = link_states(request.school, sent, texts)
    rows = [(link, state.value) for link, state in zip(sent, states, strict=True)]
    context = {
        "form": form,
        "rows": rows,
        "started": texts.current is not None,
        "this_year": this_year,
    }
    return render(request, "agreements/links/list.html", context)


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def link_cancel_view(request: SchoolRequest, link_id: uuid.UUID) -> HttpResponse:
    """Stop a link working (POST); a GET goes back to the list."""
    link = get_object_for(
        request, SigningLink.objects.get_queryset().select_related("child"), public_id=link_id
    )
    if request.method == "POST":
        if link_cancel(link=link, by=request.user):
            messages.success(request, f"The link for {link.child.full_name} no longer works.")
        else:
            messages.info(request, "That link was already used or cancelled: nothing changed.")
    return redirect("agreements:links", school_slug=request.school.slug)


# --- The family: the public signing page ---------------------------------------------

REFUSALS: dict[LinkState, tuple[str, str]] = {
    LinkState.USED: (
        "This link has already been used",
        "The agreement was signed with this link, so it does not work again. If you think "
        "this is a mistake, please contact the school office.",
    ),
    LinkState.EXPIRED: (
        "This link has expired",
        "Personal links work for 14 days. Please ask the school office for a new one.",
    ),
    LinkState.CANCELLED: (
        "This link no longer works",
        "The school cancelled this link. Please ask the school office for a new one.",
    ),
    LinkState.SIGNED: (
        "The agreement is already signed",
        "Your family has already signed this year's agreement for this child, so there is "
        "nothing more to do. Thank you.",
    ),
    LinkState.INVALID: (
        "This link does not work",
        "Check that you copied the whole link from the email. If it still does not work, "
        "please ask the school office for a new one.",
    ),
}
CHANGED_TEXT = (
    "The agreement was updated while you were reading it. Please read it again above, "
    "then sign. Nothing was saved."
)
_STATUS = {LinkState.INVALID: 404, LinkState.SIGNED: 200}


def _private(response: HttpResponse) -> HttpResponse:
    """The token is in the address: keep the page out of caches and other sites' logs.

    ``same-origin``, not ``no-referrer``: with no referrer at all the browser
    sends ``Origin: null`` with the form, and Django's CSRF check refuses it.
    """
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request: HttpRequest, state: LinkState) -> HttpResponse:
    heading, explanation = REFUSALS[state]
    response = render(
        request,
        "agreements/sign/refused.html",
        {"heading": heading, "explanation": explanation},
        status=_STATUS.get(state, 410),
    )
    return _private(response)


def _sign_page(
    request: HttpRequest,
    form: SignForm,
    version: AgreementVersion,
    link: SigningLink,
    chosen: tuple[str, list[tuple[str, str]]],
) -> HttpResponse:
    """``chosen``: the language to show, and the ``version_languages`` offered."""
    language, languages = chosen
    _, language_name, title, body = signed_text(version, language)
    context: dict[str, Any] = {
        "form": form,
        "title": title,
        "version_blocks": blocks(body),
        "languages": languages,
        "language": language,
        "language_name": language_name,
        "child": link.child,
        "version_id": version.public_id,
    }
    return _private(render(request, "agreements/sign/sign.html", context))


def _roster_data(request: HttpRequest, link: SigningLink) -> Any:
    """What the family sent, with the child's name and class replaced by the roster's."""
    data = request.POST.copy()
    data["child_name"] = link.child.full_name
    data["school_class"] = str(link.child.school_class_id)
    return data


@public_school_view
@require_http_methods(["GET", "HEAD", "POST"])
def sign(request: SchoolRequest, token: str) -> HttpResponse:
    school = request.school
    link = link_from_token(school, token)
    if link is None:
        return _refused(request, LinkState.INVALID)
    if request.method == "POST" and _already_made(link, request.POST.get("key", "")):
        # The same form sent again (a double tap, a retry after a timeout).
        return redirect("agreements:sign-thanks", school_slug=school.slug)
    # This year's texts, read once: for the link's state and the text to sign.
    texts = year_texts(school, current_academic_year(school).year)
    state = link_state(link, texts)
    version = texts.current
    if state is not LinkState.OPEN or version is None:
        return _refused(request, state if state is not LinkState.OPEN else LinkState.INVALID)
    languages = version_languages(version)
    codes = frozenset(code for code, _ in languages)
    source = request.POST if request.method == "POST" else request.GET
    language = source.get("language", ENGLISH)
    language = language if language in codes else ENGLISH
    initial = {
        "key": uuid.uuid4(),
        "language": language,
        "child_name": link.child.full_name,
        "school_class": link.child.school_class_id,
    }
    bound = _roster_data(request, link) if request.method == "POST" else None
    form = SignForm(bound, school=school, languages=codes, initial=initial)
    for name in ("child_name", "school_class"):
        # Shown above the form, not editable: the roster's values replace whatever is sent.
        form.fields[name].widget = forms.HiddenInput()
    if form.is_bound and form.is_valid() and request.POST.get("version") != str(version.public_id):
        form.add_error(None, CHANGED_TEXT)
    if form.is_bound and form.is_valid():
        state = _sign_once(link, form, version)
        if state is not LinkState.OPEN:
            return _refused(request, state)
        return redirect("agreements:sign-thanks", school_slug=school.slug)
    return _sign_page(request, form, version, link, (language, languages))


@transaction.atomic
def _sign_once(link: SigningLink, form: SignForm, version: AgreementVersion) -> LinkState:
    """Sign with the link unless, meanwhile, it stopped working (two tabs sent at once)."""
    locked = (
        SigningLink.objects.for_school(link.school)
        .select_for_update()
        .select_related("school", "child", "created_by")
        .get(pk=link.pk)
    )
    state = link_state(locked)
    if state is LinkState.OPEN:
        agreement_sign(
            school=locked.school,
            key=form.cleaned_data["key"],
            version=version,
            signer=form.signer(),
            method=Method.LINK,
            link=locked,
            recorded_by=locked.created_by,
        )
    return state


def _already_made(link: SigningLink, key: str) -> bool:
    try:
        wanted = uuid.UUID(key)
    except ValueError:
        return False
    return (
        Agreement.objects.for_school(link.school).filter(link=link, idempotency_key=wanted).exists()
    )


@public_school_view
@require_safe
def sign_thanks(request: SchoolRequest) -> HttpResponse:
    return _private(render(request, "agreements/sign/thanks.html"))


urlpatterns: list[URLPattern] = [
    path("agreements/links/", links, name="links"),
    path("agreements/links/<uuid:link_id>/cancel/", link_cancel_view, name="link-cancel"),
    path("sign/thanks/", sign_thanks, name="sign-thanks"),
    path("sign/<str:token>/", sign, name="sign"),
]
