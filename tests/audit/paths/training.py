"""The staff training log: sessions and who attended them."""

from __future__ import annotations

from schools.calendar import school_today
from schools.roles import TrainingKind
from tests.audit.admin_forms import admin_change
from tests.audit.paths import ADMIN, SERVICE, VIEW, Changed, World, path, written_by_load_demo
from tests.training.factories import session_in
from training.models import Attendance, TrainingSession
from training.services import training_session_record, training_session_withdraw

written_by_load_demo("training.TrainingSession", "training.Attendance")


def _recorded(w: World) -> TrainingSession:
    session = session_in(w.school, attendees=[w.teacher], by=w.dsl)
    w.start()
    return session


def _viewed(w: World) -> TrainingSession:
    w.post(
        w.dsl,
        "training:session-add",
        {
            "kind": TrainingKind.SOCIAL_MEDIA_POLICY,
            "held_on": school_today(w.school).isoformat(),
            "title": "Staff conduct and the social media policy",
            "led_by": "Dan Douglas (DSL)",
            "notes": "",
            "attendees": [str(w.teacher.public_id)],
        },
    )
    return TrainingSession.objects.for_school(w.school).get()


def _attendance(session: TrainingSession) -> Attendance:
    return Attendance.objects.for_school(session.school).get(session=session)


@path("training.TrainingSession", VIEW, "session-add")
def _session_view(w: World) -> Changed:
    return Changed(_viewed(w), w.dsl)


@path("training.TrainingSession", ADMIN, "change")
def _session_admin(w: World) -> Changed:
    session = _recorded(w)
    admin_change(w.admin, session, title="E-safety briefing (autumn)")
    return Changed(session, w.admin)


@path("training.TrainingSession", SERVICE, "training_session_withdraw")
def _session_service(w: World) -> Changed:
    session = _recorded(w)
    training_session_withdraw(session=session, reason="Recorded twice.", by=w.head)
    return Changed(session, w.head)


@path("training.Attendance", VIEW, "session-add")
def _attendance_view(w: World) -> Changed:
    return Changed(_attendance(_viewed(w)), w.dsl)


@path("training.Attendance", ADMIN, "change")
def _attendance_admin(w: World) -> Changed:
    attendance = _attendance(_recorded(w))
    admin_change(w.admin, attendance, user=str(w.dsl.pk))
    return Changed(attendance, w.admin)


@path("training.Attendance", SERVICE, "training_session_record")
def _attendance_service(w: World) -> Changed:
    session = training_session_record(
        school=w.school,
        kind=TrainingKind.ESAFETY_BRIEFING,
        held_on=school_today(w.school),
        title="E-safety briefing",
        led_by="The e-safety team",
        attendees=[w.teacher],
        by=w.dsl,
    )
    return Changed(_attendance(session), w.dsl)
