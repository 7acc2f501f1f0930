"""Complaints about the policy or how it was applied, recorded by the clerk or the head."""

from __future__ import annotations

from governance.complaints.services import complaint_record
from governance.models import Complaint
from schools.calendar import school_today
from tests.audit.paths import SERVICE, VIEW, Changed, World, path, written_by_load_demo

written_by_load_demo("governance.Complaint")

COMPLAINT = {
    "complainant": "Mr A Parent",
    "complainant_kind": "parent",
    "about": "application",
    "subject": "Photos of my child on the school Facebook page",
    "details": "A photo of my child was posted without my consent.",
}


@path("governance.Complaint", VIEW, "complaint-add")
def _complaint_view(w: World) -> Changed:
    today = school_today(w.school).isoformat()
    data = {**COMPLAINT, "received_on": today, "respond_by": "", "stage": "informal"}
    w.post(w.clerk, "governance:complaint-add", data)
    return Changed(Complaint.objects.for_school(w.school).get(), w.clerk)


@path("governance.Complaint", SERVICE, "complaint_record")
def _complaint_service(w: World) -> Changed:
    complaint = complaint_record(
        school=w.school, by=w.clerk, received_on=school_today(w.school), **COMPLAINT
    )
    return Changed(complaint, w.clerk)
