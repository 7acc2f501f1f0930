"""The reviewers' queue: waiting requests oldest first, filters and search."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from forms_app.access import (
    REVIEW_CAPABLE,
    may_review,
)
from forms_app.forms.requests import (
    QueueFilterForm,
)
from forms_app.models import AccessRequest
from forms_app.views.requests.shared import (
    ENDABLE,
    KIND,
    PER_PAGE,
    M,
    S,
    may_read_queue,
)
from schools.access import SchoolRequest, school_view
from schools.calendar import school_today
from schools.models import School


@dataclass(frozen=True)
class Group:
    """One choice of the queue's filter: which requests, in which order."""

    label: str
    where: Callable[[datetime.date], Q]
    order: tuple[str, ...] = ("submitted_at", "number")


NEWEST_FIRST = ("-submitted_at", "-number")
GROUPS = {
    "waiting": Group("Waiting for a decision", lambda today: Q(status=S.SUBMITTED)),
    "approved": Group("Approved – to unblock", lambda today: Q(status=S.APPROVED)),
    "unblocked": Group("Unblocked", lambda today: Q(status=S.UNBLOCKED), NEWEST_FIRST),
    "ending": Group(
        "Ending within a week",
        lambda today: Q(
            status__in=ENDABLE,
            access_until__range=(today, today + datetime.timedelta(days=7)),
        ),
        ("access_until", "number"),
    ),
    "to-block": Group(
        "Ended – to block again",
        lambda today: Q(
            status__in=(S.EXPIRED, S.REVOKED),
            unblocked_on__isnull=False,
            reblocked_on__isnull=True,
        ),
    ),
    "refused": Group("Refused", lambda today: Q(status=S.REJECTED), NEWEST_FIRST),
    "withdrawn": Group("Withdrawn", lambda today: Q(status=S.WITHDRAWN), NEWEST_FIRST),
    "all": Group("All", lambda today: Q(), NEWEST_FIRST),
}
DEFAULT_GROUP = "waiting"
REFERENCE = re.compile(r"^(?:AR)?\s*-?\s*(\d{1,9})$", re.IGNORECASE)


def _search(text: str) -> Q:
    """A reference ("AR-12" or "12"), or part of the address, requester's name or content."""
    text = text.strip()
    if not text:
        return Q()
    found = Q(url__icontains=text) | Q(requester_name__icontains=text)
    found |= Q(site_content__icontains=text)
    reference = REFERENCE.match(text)
    if reference:
        found |= Q(number=int(reference[1]))
    return found


@dataclass(frozen=True)
class QueueRow:
    record: AccessRequest
    waited: int  # whole days since it was submitted, in the school's time
    overdue: bool

    @property
    def until(self) -> datetime.date | None:
        """The last day of a running approval."""
        return self.record.access_until if self.record.status in ENDABLE else None


def _rows(school: School, records: list[AccessRequest], today: datetime.date) -> list[QueueRow]:
    rows = []
    for record in records:
        waited = (today - timezone.localdate(record.submitted_at, school.tz)).days
        overdue = record.is_waiting and waited >= school.reminder_overdue_days
        rows.append(QueueRow(record, waited, overdue))
    return rows


def _filters(request: SchoolRequest) -> tuple[QueueFilterForm, str, str]:
    """The filter form, the group chosen and the search; a bad value falls back to the default."""
    choices = [(key, group.label) for key, group in GROUPS.items()]
    form = QueueFilterForm(request.GET or None, groups=choices, initial={"show": DEFAULT_GROUP})
    if not form.is_bound or not form.is_valid():
        return form, DEFAULT_GROUP, ""
    return form, form.cleaned_data["show"] or DEFAULT_GROUP, form.cleaned_data["q"]


@school_view(*REVIEW_CAPABLE, module=M)
def queue(request: SchoolRequest) -> HttpResponse:
    """The reviewers' list, waiting requests oldest first; the headteacher may always read it."""
    if not may_read_queue(request.membership):
        raise PermissionDenied  # before the method: whoever may not read it learns no more
    return _queue_page(request)


@require_safe
def _queue_page(request: SchoolRequest) -> HttpResponse:
    may_decide = may_review(request.membership, KIND)
    form, show, text = _filters(request)
    today = school_today(request.school)
    group = GROUPS[show]
    records = (
        AccessRequest.objects.for_school(request.school)
        .filter(group.where(today))
        .filter(_search(text))
        .order_by(*group.order)
    )
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": _rows(request.school, list(page.object_list), today),
        "group": group,
        "searched": text,
        "may_decide": may_decide,
    }
    return render(request, "forms_app/requests/queue.html", context)
