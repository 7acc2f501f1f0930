"""The headteacher's pages: the versions, importing a document, the draft editor, publishing.

Each page checks access, validates its form, calls one service and redirects
(or shows the form again). A version that is not an open draft is refused
with the services' own words, on every editing page.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from policies.diff import compare_versions
from policies.forms import ClauseForm, PolicyImportForm, PublishForm, SectionForm
from policies.models import PolicyClause, PolicySection, PolicyVersion, VersionStatus
from policies.pdf_sources import policy_pdfs
from policies.services import (
    PolicyError,
    clauses_of,
    draft_problems,
    editing_refusal,
    next_clause_number,
    policy_clause_add,
    policy_clause_edit,
    policy_clause_remove,
    policy_current,
    policy_draft,
    policy_draft_discard,
    policy_draft_start,
    policy_import_draft,
    policy_publish,
    policy_section_edit,
    sections_with_clauses,
)
from schools.access import SchoolRequest, get_object_for, school_view
from schools.roles import Role

HEAD = Role.HEADTEACHER
FORM_METHODS = ["GET", "HEAD", "POST"]
_F = TypeVar("_F", bound=forms.Form)


def _form(form_class: type[_F], request: SchoolRequest, **kwargs: Any) -> _F:
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


def _draft_url(request: SchoolRequest, version: PolicyVersion, anchor: str = "") -> str:
    url = reverse(
        "policies:draft",
        kwargs={"school_slug": request.school.slug, "version_id": version.public_id},
    )
    return f"{url}#{anchor}" if anchor else url


def _refused(request: SchoolRequest, version: PolicyVersion, message: str) -> HttpResponse:
    """The version cannot be changed: say why, and where changes can be made."""
    return render(
        request,
        "policies/manage/refused.html",
        {"version": version, "message": message, "draft": policy_draft(request.school)},
    )


@school_view(HEAD)
@require_safe
def versions(request: SchoolRequest) -> HttpResponse:
    """Every published version, the open draft, and what the headteacher can do next."""
    school = request.school
    published = list(
        PolicyVersion.objects.for_school(school)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("published_by")
        .order_by("-number")
    )
    pdfs = policy_pdfs(school, published)
    draft = (
        PolicyVersion.objects.for_school(school)
        .filter(status=VersionStatus.DRAFT)
        .select_related("created_by", "based_on")
        .first()
    )
    return render(
        request,
        "policies/manage/versions.html",
        {
            "rows": [(version, pdfs.get(version.pk)) for version in published],
            "current": published[0] if published else None,
            "draft": draft,
        },
    )


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def import_document(request: SchoolRequest) -> HttpResponse:
    """Upload a .docx or .txt policy; it becomes the new draft, or nothing is imported."""
    form = _form(PolicyImportForm, request)
    if request.method == "POST" and form.is_valid():
        parsed = form.cleaned_data["document"]
        try:
            draft = policy_import_draft(school=request.school, parsed=parsed, by=request.user)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"The document was imported as a new draft: {len(parsed.sections)} sections, "
                f"{parsed.clause_count} numbered clauses. Check it, then publish it.",
            )
            return redirect(_draft_url(request, draft))
    return render(
        request,
        "policies/manage/import.html",
        {"form": form, "draft": policy_draft(request.school)},
    )


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def draft_start(request: SchoolRequest) -> HttpResponse:
    """Start a new draft from the version in force (POST); a GET goes to the versions."""
    if request.method != "POST":
        return redirect("policies:manage", school_slug=request.school.slug)
    try:
        draft = policy_draft_start(school=request.school, by=request.user)
    except PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("policies:manage", school_slug=request.school.slug)
    messages.success(request, "A new draft was started from the version in force.")
    return redirect(_draft_url(request, draft))


@school_view(HEAD)
@require_safe
def draft(request: SchoolRequest, version_id: uuid.UUID) -> HttpResponse:
    """The draft as it will read, with a way to change each part of it."""
    # The page says which version the draft started from.
    drafts = PolicyVersion.objects.get_queryset().select_related("based_on")
    version = get_object_for(request, drafts, public_id=version_id)
    refusal = editing_refusal(version)
    if refusal:
        return _refused(request, version, refusal)
    sections = sections_with_clauses(version)
    return render(
        request,
        "policies/manage/draft.html",
        {
            "draft": version,
            "sections": sections,
            "problems": draft_problems(version, sections),
        },
    )


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def publish(request: SchoolRequest, version_id: uuid.UUID) -> HttpResponse:
    """Publish the draft as the next version: material change or not, summary, next review."""
    version = get_object_for(request, PolicyVersion, public_id=version_id)
    refusal = editing_refusal(version)
    if refusal:
        return _refused(request, version, refusal)
    form = _form(PublishForm, request, school=request.school)
    if request.method == "POST" and form.is_valid():
        try:
            published = policy_publish(version=version, by=request.user, **form.cleaned_data)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _published_message(published))
            return redirect("policies:manage", school_slug=request.school.slug)
    current = policy_current(request.school)
    # The draft's sections and clauses are read once, for its problems and the changes.
    sections = sections_with_clauses(version)
    return render(
        request,
        "policies/manage/publish.html",
        {
            "draft": version,
            "form": form,
            "problems": draft_problems(version, sections),
            "current": current,
            "changes": compare_versions(current, version, clauses_of(sections))
            if current
            else None,
        },
    )


def _published_message(version: PolicyVersion) -> str:
    again = (
        "Every member of staff must now acknowledge it."
        if version.material_change
        else "Earlier acknowledgements still count."
    )
    return f"Version {version.number} is published and in force. {again} Its PDF is being prepared."


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def discard(request: SchoolRequest, version_id: uuid.UUID) -> HttpResponse:
    """Ask to confirm (GET), then set the draft aside for good (POST)."""
    version = get_object_for(request, PolicyVersion, public_id=version_id)
    refusal = editing_refusal(version)
    if refusal:
        return _refused(request, version, refusal)
    if request.method == "POST":
        policy_draft_discard(version=version, by=request.user)
        messages.success(request, "The draft was discarded. The version in force is unchanged.")
        return redirect("policies:manage", school_slug=request.school.slug)
    return render(request, "policies/manage/discard.html", {"draft": version})


def _section(request: SchoolRequest, section_id: uuid.UUID) -> PolicySection:
    return get_object_for(
        request,
        PolicySection.objects.get_queryset().select_related("version"),
        public_id=section_id,
    )


def _clause(request: SchoolRequest, clause_id: uuid.UUID) -> PolicyClause:
    return get_object_for(
        request,
        PolicyClause.objects.get_queryset().select_related("version", "section"),
        public_id=clause_id,
    )


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def section_edit(request: SchoolRequest, section_id: uuid.UUID) -> HttpResponse:
    """Change a section's heading in the draft."""
    section = _section(request, section_id)
    refusal = editing_refusal(section.version)
    if refusal:
        return _refused(request, section.version, refusal)
    form = _form(SectionForm, request, initial={"heading": section.heading})
    if request.method == "POST" and form.is_valid():
        try:
            policy_section_edit(section=section, by=request.user, **form.cleaned_data)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The heading of {section.label} was changed.")
            return redirect(_draft_url(request, section.version, section.anchor))
    return render(request, "policies/manage/section_edit.html", {"section": section, "form": form})


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def clause_add(request: SchoolRequest, section_id: uuid.UUID) -> HttpResponse:
    """Add a clause at the end of a section of the draft."""
    section = _section(request, section_id)
    refusal = editing_refusal(section.version)
    if refusal:
        return _refused(request, section.version, refusal)
    form = _form(ClauseForm, request, initial={"number": next_clause_number(section)})
    if request.method == "POST" and form.is_valid():
        try:
            clause = policy_clause_add(section=section, by=request.user, **form.cleaned_data)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The clause was added to {section.label}.")
            return redirect(_draft_url(request, section.version, clause.anchor))
    return render(request, "policies/manage/clause_add.html", {"section": section, "form": form})


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def clause_edit(request: SchoolRequest, clause_id: uuid.UUID) -> HttpResponse:
    """Change a clause of the draft: its text, its list, its number."""
    clause = _clause(request, clause_id)
    refusal = editing_refusal(clause.version)
    if refusal:
        return _refused(request, clause.version, refusal)
    initial = {"number": clause.number, "text": clause.text, "bullets": "\n".join(clause.bullets)}
    form = _form(ClauseForm, request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy_clause_edit(clause=clause, by=request.user, **form.cleaned_data)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The clause was changed.")
            return redirect(_draft_url(request, clause.version, clause.anchor))
    return render(request, "policies/manage/clause_edit.html", {"clause": clause, "form": form})


@school_view(HEAD)
@require_http_methods(FORM_METHODS)
def clause_remove(request: SchoolRequest, clause_id: uuid.UUID) -> HttpResponse:
    """Ask to confirm (GET), then take the clause out of the draft (POST)."""
    clause = _clause(request, clause_id)
    refusal = editing_refusal(clause.version)
    if refusal:
        return _refused(request, clause.version, refusal)
    if request.method == "POST":
        policy_clause_remove(clause=clause, by=request.user)
        messages.success(request, "The clause was removed from the draft.")
        return redirect(_draft_url(request, clause.version, clause.section.anchor))
    return render(request, "policies/manage/clause_remove.html", {"clause": clause})
