"""The quick contact-attempt log (Chestnuts 5.7, 6.3-6.4; Norris Bank 5.4, 6.3).

Any member of staff logs, from a phone, that a pupil or parent tried to
"friend" or message them: two questions, then back to a thank-you. Those who
handle incidents see every attempt and open an incident from one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_safe

from incidents.access import HANDLERS, LOGGERS, MODULE
from incidents.forms.contact import ContactAttemptForm, ContactFilterForm
from incidents.models import ContactAttempt
from incidents.services.contact import contact_attempt_record
from schools.access import SchoolRequest, school_view
from schools.forms import add_service_errors

OWN_SHOWN = 10
PER_PAGE = 25
THANKS = (
    "Thank you: the contact attempt is logged and the headteacher has been told. "
    "Do not accept or reply to it."
)


@school_view(*LOGGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: SchoolRequest) -> HttpResponse:
    """Log an attempt (two questions); below, this person's own latest attempts."""
    school = request.school
    form = ContactAttemptForm(request.POST if request.method == "POST" else None, school=school)
    if form.is_bound and form.is_valid():
        try:
            contact_attempt_record(school=school, by=request.user, **form.attempt())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, THANKS)
            return redirect("incidents:contact", school_slug=school.slug)
    own = (
        ContactAttempt.objects.for_school(school)
        .filter(reported_by=request.user)
        .select_related("platform")
        .order_by("-reported_at", "-pk")[:OWN_SHOWN]
    )
    return render(request, "incidents/contact.html", {"form": form, "own": own})


@school_view(*HANDLERS, module=MODULE)
@require_safe
def contacts(request: SchoolRequest) -> HttpResponse:
    """Every attempt logged, newest first; each opens an incident, or links to its own."""
    school = request.school
    attempts = (
        ContactAttempt.objects.for_school(school)
        .select_related("platform", "reported_by", "incident")
        .order_by("-reported_at", "-pk")
    )
    filters = ContactFilterForm(request.GET or None)
    if filters.is_valid() and filters.cleaned_data.get("who"):
        attempts = attempts.filter(who=filters.cleaned_data["who"])
    page = Paginator(attempts, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/contacts.html", {"page": page, "filters": filters})


urlpatterns = [
    path("incidents/contact/", contact, name="contact"),
    path("incidents/contact/log/", contacts, name="contacts"),
]
