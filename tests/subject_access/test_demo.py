"""The demo's subject access request: owed, due within the week, counted in the digest."""

from __future__ import annotations

from django.core.management import call_command

from schools.roles import Role
from subject_access.digest import subject_access_due
from subject_access.models import SarStatus, SubjectAccessRequest, SubjectKind


def test_each_demo_school_has_one_request_due_soon_and_loading_again_adds_none(demo):
    for school in demo.values():
        sar = SubjectAccessRequest.objects.for_school(school).get()
        assert (sar.subject_kind, sar.status) == (SubjectKind.STAFF, SarStatus.OPEN)
        items = subject_access_due(school, frozenset({Role.HEADTEACHER}))
        assert [item.count for item in items] == [1]
    call_command("load_demo", verbosity=0)
    for school in demo.values():
        assert SubjectAccessRequest.objects.for_school(school).count() == 1
