from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from schools.access import SchoolRequest, get_object_for, school_view
from schools.configuration import school_settings
from schools.forms import (
    EntryForm,
    PhoneProviderForm,
    SettingsForm,
    SocialNetworkForm,
    add_service_errors,
)
from schools.models import Membership, PhoneProvider, ReviewRoute, School, SocialNetwork
from schools.roles import RecordKind, Role
from schools.services import reference_entry_reset, reference_entry_update, school_configure
from schools.tenancy import TenantQuerySet
from twofactor.services import school_two_factor_require


@school_view()
@require_safe
def home(request: SchoolRequest) -> HttpResponse:
    """What this person can do here, and how the school has arranged its policy."""
    school = request.school
    routes = ReviewRoute.objects.for_school(school).order_by("kind", "role")
    reviewers: dict[str, list[str]] = {}
    for route in routes:
        reviewers.setdefault(RecordKind(route.kind).label, []).append(Role(route.role).label)
    esafety_team = (
        Membership.objects.for_school(school)
        .filter(role=Role.ESAFETY, ended_at__isnull=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    other_schools = (
        request.user.memberships.filter(ended_at__isnull=True)
        .exclude(school=school)
        .values("school")
        .distinct()
        .count()
    )
    return render(
        request,
        "schools/home.html",
        {
            "reviewers": reviewers,
            "esafety_team": esafety_team,
            "has_other_schools": other_schools > 0,
        },
    )


# --- The headteacher's settings page --------------------------------------


def _changes_key(school: School) -> str:
    return f"schools:settings-changes:{school.pk}"


@school_view(Role.HEADTEACHER)
@require_http_methods(["GET", "HEAD", "POST"])
def settings(request: SchoolRequest) -> HttpResponse:
    """Modules, who reviews what, reminders, training intervals and what is blocked."""
    school = request.school
    data = request.POST if request.method == "POST" else None
    form = SettingsForm(data, school=school, current=school_settings(school))
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                changes = school_configure(school=school, wanted=form.wanted(), by=request.user)
                changes += school_two_factor_require(
                    school=school,
                    required=form.cleaned_data["requires_two_factor"],
                    by=request.user,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[_changes_key(school)] = changes
            return redirect("schools:settings", school_slug=school.slug)
    saved = request.session.pop(_changes_key(school), None) if not form.is_bound else None
    return render(request, "schools/settings.html", {"form": form, "saved": saved})


# --- Reference lists: social networks and mobile providers -----------------


@school_view()
@require_safe
def contacts(request: SchoolRequest) -> HttpResponse:
    """Appendices 4 and 5 as the school keeps them, for anyone helping a pupil or parent."""
    school = request.school
    networks = list(
        SocialNetwork.objects.for_school(school).select_related("default").order_by("name")
    )
    phones = list(
        PhoneProvider.objects.for_school(school)
        .filter(hidden=False)
        .select_related("default")
        .order_by("name")
    )
    shown = [n for n in networks if not n.hidden]
    return render(
        request,
        "schools/contacts.html",
        {
            "networks": [n for n in shown if not n.retired],
            "retired_networks": [n for n in shown if n.retired],
            "phones": [p for p in phones if not p.retired],
            "retired_phones": [p for p in phones if p.retired],
            "blocked": [n for n in networks if n.blocked],
            "may_edit": request.membership.has(Role.HEADTEACHER),
        },
    )


@school_view(Role.HEADTEACHER)
@require_safe
def contacts_edit(request: SchoolRequest) -> HttpResponse:
    """Every entry of the school's lists, to adjust, hide or reset."""
    school = request.school
    return render(
        request,
        "schools/contacts_edit.html",
        {
            "networks": SocialNetwork.objects.for_school(school).order_by("retired", "name"),
            "phones": PhoneProvider.objects.for_school(school).order_by("retired", "name"),
        },
    )


def _entry(
    request: SchoolRequest, model: type[SocialNetwork | PhoneProvider], entry_id: uuid.UUID
) -> SocialNetwork | PhoneProvider:
    entries: TenantQuerySet[Any] = model.objects.get_queryset().select_related("default")
    entry: SocialNetwork | PhoneProvider = get_object_for(request, entries, public_id=entry_id)
    return entry


def _entry_edit(
    request: SchoolRequest,
    model: type[SocialNetwork | PhoneProvider],
    form_class: type[EntryForm],
    entry_id: uuid.UUID,
) -> HttpResponse:
    entry = _entry(request, model, entry_id)
    initial = {name: getattr(entry, name) for name in form_class.base_fields}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        changed = reference_entry_update(entry=entry, by=request.user, **form.cleaned_data)
        messages.success(
            request, f"Saved: {entry.name}." if changed else f"{entry.name}: nothing changed."
        )
        return redirect("schools:contacts-edit", school_slug=request.school.slug)
    reset = "schools:network-reset" if model is SocialNetwork else "schools:phone-reset"
    return render(
        request, "schools/contact_entry.html", {"entry": entry, "form": form, "reset_url": reset}
    )


def _entry_reset(
    request: SchoolRequest, model: type[SocialNetwork | PhoneProvider], entry_id: uuid.UUID
) -> HttpResponse:
    entry = _entry(request, model, entry_id)
    if request.method == "POST":
        reference_entry_reset(entry=entry, by=request.user)
        messages.success(request, f"{entry.name} is back to the platform's entry.")
    return redirect("schools:contacts-edit", school_slug=request.school.slug)


@school_view(Role.HEADTEACHER)
@require_http_methods(["GET", "HEAD", "POST"])
def network_edit(request: SchoolRequest, entry_id: uuid.UUID) -> HttpResponse:
    return _entry_edit(request, SocialNetwork, SocialNetworkForm, entry_id)


@school_view(Role.HEADTEACHER)
@require_http_methods(["GET", "HEAD", "POST"])
def network_reset(request: SchoolRequest, entry_id: uuid.UUID) -> HttpResponse:
    """Back to the platform's entry (a GET only goes back to the list)."""
    return _entry_reset(request, SocialNetwork, entry_id)


@school_view(Role.HEADTEACHER)
@require_http_methods(["GET", "HEAD", "POST"])
def phone_edit(request: SchoolRequest, entry_id: uuid.UUID) -> HttpResponse:
    return _entry_edit(request, PhoneProvider, PhoneProviderForm, entry_id)


@school_view(Role.HEADTEACHER)
@require_http_methods(["GET", "HEAD", "POST"])
def phone_reset(request: SchoolRequest, entry_id: uuid.UUID) -> HttpResponse:
    return _entry_reset(request, PhoneProvider, entry_id)
