"""Training sessions with their attendance; a session is withdrawn in even-numbered schools."""

from __future__ import annotations

from accounts.models import User
from dataset import names
from dataset.bulk import Change
from dataset.generator.history import _before, _by
from dataset.generator.seeded import TRAINING_SESSIONS, _School
from schools.models import School
from schools.roles import Role, TrainingKind
from training.models import Attendance, SessionStatus, TrainingSession


def _training(s: _School, school: School, staff: dict[Role, list[User]]) -> None:
    dsl = staff[Role.DSL][0]
    trained = [u for role in (Role.HEADTEACHER, Role.DSL, Role.ESAFETY, Role.TEACHER,
                              Role.SUPPORT) for u in staff[role]]  # fmt: skip
    kinds = list(TrainingKind)
    for i in range(TRAINING_SESSIONS):
        held = s.when(330, 2)
        withdrawn = i == TRAINING_SESSIONS - 1 and s.number % 2 == 0
        session = TrainingSession(
            public_id=s.uid(),
            school=school,
            kind=kinds[i % len(kinds)],
            held_on=held.date(),
            title=names.TRAINING_TITLES[i % len(names.TRAINING_TITLES)],
            led_by=dsl.full_name,
            status=SessionStatus.WITHDRAWN if withdrawn else SessionStatus.RECORDED,
            recorded_by=dsl,
            recorded_at=held,
        )
        change = None
        if withdrawn:
            session.withdrawn_by, session.withdrawn_at = dsl, s.later(held, 2)
            session.withdrawn_reason = "Recorded twice by mistake."
            change = Change(
                at=session.withdrawn_at,
                by=_by(dsl),
                before=_before(
                    session,
                    ["status", "withdrawn_by", "withdrawn_at", "withdrawn_reason"],
                    status=SessionStatus.RECORDED,
                ),
            )
        s.rows.add(session, at=held, by=_by(dsl), change=change)
        for user in s.rng.sample(trained, s.rng.randint(len(trained) // 2, len(trained))):
            s.rows.add(Attendance(school=school, session=session, user=user), at=held, by=_by(dsl))
