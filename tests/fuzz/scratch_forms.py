"""A test urlconf: the real portal plus throwaway school forms, one right and four broken.

The portal serves no school form yet, so these prove the fuzzer on the kinds
of field school forms will have: choices scoped to the school, numbers,
dates, URLs, a required tick box. ``SCRATCH_PAGES`` is a matrix table for
this urlconf; the fuzz self-tests crawl it just as ``test_forms.py`` crawls
the real one.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import include, path

from policyportal.urls import school_patterns
from schools.access import SchoolRequest, school_view
from schools.models import School, SchoolClass, YearGroup
from schools.roles import Role
from schools.services import school_class_ensure
from tests.helpers.matrix import SchoolPage
from tests.helpers.urls import portal_urlpatterns

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load crispy_forms_tags %}{% block content %}'
    '<form method="post" novalidate>{% csrf_token %}{{ form|crispy }}'
    '<input type="hidden" name="next" value="{{ next }}"><button>Save</button></form>'
    "{% endblock %}"
)


class ClassForm(forms.Form):
    name = forms.CharField(max_length=60)
    year_group = forms.TypedChoiceField(choices=YearGroup.choices, coerce=int)
    like = forms.ModelChoiceField(
        queryset=SchoolClass.objects.none(), required=False, to_field_name="public_id"
    )
    starts_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    size = forms.IntegerField(min_value=1, max_value=40, required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    contact = forms.EmailField(required=False)
    confirmed = forms.BooleanField()

    def __init__(self, *args: Any, school: School, unscoped: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        classes = SchoolClass.objects
        _like(self).queryset = (
            classes.unscoped("deliberately broken form") if unscoped else classes.for_school(school)
        )


def _like(form: forms.Form) -> forms.ModelChoiceField[SchoolClass]:
    return cast("forms.ModelChoiceField[SchoolClass]", form.fields["like"])


class LaxClassForm(ClassForm):
    """Broken: offers the school's own classes, but accepts any school's."""

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        own = SchoolClass.objects.for_school(school)
        _like(self).queryset = SchoolClass.objects.unscoped("deliberately broken form")
        _like(self).widget.choices = [("", "---------"), *((c.public_id, c.name) for c in own)]


def _render(request: SchoolRequest, form: ClassForm) -> HttpResponse:
    return HttpResponse(PAGE.render({"form": form, "next": request.GET.get("next", "")}, request))


def _save(request: SchoolRequest, form: ClassForm) -> HttpResponse:
    school_class_ensure(
        school=request.school,
        name=form.cleaned_data["name"],
        year_group=form.cleaned_data["year_group"],
        by=request.user,
    )
    return redirect("schools:home", school_slug=request.school.slug)


@school_view(Role.HEADTEACHER)
def class_add(request: SchoolRequest) -> HttpResponse:
    """Right: validates, saves through a service, redirects."""
    form = ClassForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        return _save(request, form)
    return _render(request, form)


@school_view(Role.HEADTEACHER)
def saves_first(request: SchoolRequest) -> HttpResponse:
    """Broken: writes a draft row before validating."""
    form = ClassForm(request.POST or None, school=request.school)
    if request.method == "POST":
        SchoolClass.objects.create(
            school=request.school, name=f"Draft {uuid.uuid4()}", year_group=0
        )
        if form.is_valid():
            return _save(request, form)
    return _render(request, form)


@school_view(Role.HEADTEACHER)
def unscoped_choice(request: SchoolRequest) -> HttpResponse:
    """Broken: the choice of class is not narrowed to the school."""
    form = ClassForm(request.POST or None, school=request.school, unscoped=True)
    if request.method == "POST" and form.is_valid():
        return _save(request, form)
    return _render(request, form)


@school_view(Role.HEADTEACHER)
def unscoped_validation(request: SchoolRequest) -> HttpResponse:
    form = LaxClassForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        return _save(request, form)
    return _render(request, form)


@school_view(Role.HEADTEACHER)
def vague_errors(request: SchoolRequest) -> HttpResponse:
    """Broken: says "check the form" above it and shows a blank form, no field errors."""
    if request.method == "POST":
        form = ClassForm(request.POST, school=request.school)
        if form.is_valid():
            return _save(request, form)
        messages.error(request, "Please check the form.")
    return _render(request, ClassForm(school=request.school))


scratch_patterns = (
    [
        path("classes/add/", class_add, name="class-add"),
        path("broken/saves-first/", saves_first, name="saves-first"),
        path("broken/unscoped-choice/", unscoped_choice, name="unscoped-choice"),
        path("broken/unscoped-validation/", unscoped_validation, name="unscoped-validation"),
        path("broken/vague-errors/", vague_errors, name="vague-errors"),
    ],
    "scratch",
)

urlpatterns = portal_urlpatterns([*school_patterns, path("", include(scratch_patterns))])

HEAD_ONLY = frozenset({Role.HEADTEACHER})
GOOD_FORM = SchoolPage("scratch:class-add", get=HEAD_ONLY, post=HEAD_ONLY)
BROKEN_FORMS = {
    "scratch:saves-first": "rejected the input but saved rows",
    "scratch:unscoped-choice": "like offers another school's rows",
    "scratch:unscoped-validation": "accepted input that cannot be valid: {'like'",
    "scratch:vague-errors": "showed the form again without any error",
}
