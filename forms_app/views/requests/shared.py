"""What the access request pages share: names, the record, the way back to it."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect

from forms_app.access import may_review
from forms_app.models import AccessRequest, RequestStatus
from schools.access import MemberRoles, SchoolRequest, get_object_for
from schools.roles import Module, RecordKind, Role

M = Module.ACCESS_REQUESTS
KIND = RecordKind.ACCESS_REQUEST
PER_PAGE = 25
S = RequestStatus
ENDABLE = (S.APPROVED, S.UNBLOCKED)
# The history in the form's own words (Appendix 1).
HISTORY_LABELS = {
    "url": "Full URL",
    "audience": "Who will use it",
    "school_class": "Which class",
    "submitted_at": "Sent",
    "reblocked_on": "Blocked again on",
}
# How the success message names the reviewers: "Sent to the headteacher".
TEAM_NAMES = {Role.ESAFETY: "the e-safety team"}


def posted(request: SchoolRequest) -> Any:
    return request.POST if request.method == "POST" else None


def day_label(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def record_for(request: SchoolRequest, request_id: uuid.UUID, **columns: Any) -> AccessRequest:
    """The school's request ``request_id`` (else 404), with ``columns`` annotated."""
    records = AccessRequest.objects.get_queryset().select_related(
        "school_class", "decided_by", "unblocked_by", "revoked_by", "reblocked_by"
    )
    return get_object_for(request, records.annotate(**columns), public_id=request_id)


def to_detail(request: SchoolRequest, record: AccessRequest) -> HttpResponse:
    return redirect(
        "forms_app:access-request", school_slug=request.school.slug, request_id=record.public_id
    )


def may_read_queue(member: MemberRoles) -> bool:
    """The reviewers, and the headteacher, who sees everything in the school."""
    return member.has(Role.HEADTEACHER) or may_review(member, KIND)
