"""Complaints to the governors, at every stage, half of them closed with an outcome."""

from __future__ import annotations

import datetime

from accounts.models import User
from dataset import names
from dataset.bulk import Change
from dataset.generator.history import _before, _by
from dataset.generator.seeded import COMPLAINTS, DAY, _School
from governance.models import (
    ComplainantKind,
    Complaint,
    ComplaintAbout,
    ComplaintOutcome,
    ComplaintStage,
    ComplaintStatus,
)
from schools.models import School
from schools.roles import Role


def _complaints(s: _School, school: School, staff: dict[Role, list[User]]) -> None:
    clerk = staff[Role.CLERK][0]
    stages = list(ComplaintStage)
    outcomes = list(ComplaintOutcome)
    for i in range(COMPLAINTS + s.rng.randint(-1, 1)):
        received = s.when(300, 5).date()
        stage = stages[(s.number + i) % len(stages)]
        closed = i % 2 == 0
        complaint = Complaint(
            public_id=s.uid(),
            school=school,
            number=i + 1,
            received_on=received,
            complainant=s.person_name(),
            complainant_kind=s.pick(list(ComplainantKind)),
            about=s.pick(list(ComplaintAbout)),
            subject=s.pick(names.COMPLAINT_SUBJECTS),
            details="The complainant set out their concerns in a letter to the governors.",
            stage=stage,
            stage_since=received,
            respond_by=received + 15 * DAY,
            status=ComplaintStatus.CLOSED if closed else ComplaintStatus.OPEN,
            recorded_by=clerk,
            recorded_at=datetime.datetime.combine(received, datetime.time(10), datetime.UTC),
        )
        change = None
        if closed:
            complaint.outcome = outcomes[(s.number + i) % len(outcomes)]
            complaint.outcome_note = "The panel's letter explains the reasons."
            complaint.closed_on = min(received + 20 * DAY, s.today)
            at = datetime.datetime.combine(complaint.closed_on, datetime.time(16), datetime.UTC)
            change = Change(
                at=at,
                by=_by(clerk),
                before=_before(
                    complaint, ["status", "outcome", "outcome_note", "closed_on"], status="open"
                ),
            )
        s.rows.add(complaint, at=complaint.recorded_at, by=_by(clerk), change=change)
