"""The demo schools' training logs: sessions at the start of the academic year, one withdrawn.

Dates are the start of the current academic year (1 September), so running
``load_demo`` again finds the same sessions and adds nothing. Some staff miss
some sessions, so the "who needs training" page has something to show.
"""

from __future__ import annotations

import datetime

from accounts.models import User
from schools.calendar import school_today
from schools.models import School
from schools.roles import Module, TrainingKind
from training.models import TrainingSession
from training.services import training_session_record, training_session_withdraw


def year_start(school: School) -> datetime.date:
    """The first day of the academic year the school is in today."""
    today = school_today(school)
    start = datetime.date(
        today.year, school.academic_year_start_month, school.academic_year_start_day
    )
    return start if start <= today else start.replace(year=today.year - 1)


# (kind, title, led by, who attended) for each school.
SESSIONS: dict[str, list[tuple[TrainingKind, str, str, tuple[str, ...]]]] = {
    "chestnuts": [
        (
            TrainingKind.SAFEGUARDING_INDUCTION,
            "Safeguarding induction",
            "Designated safeguarding lead",
            ("head", "dsl", "esafety", "teacher", "support"),
        ),
        (
            # Chestnuts 3.2: the policy is taught with Safeguarding and Staff Conduct.
            TrainingKind.SOCIAL_MEDIA_POLICY,
            "Safeguarding and staff conduct, including the social media policy",
            "Designated safeguarding lead",
            ("head", "dsl", "esafety", "teacher"),
        ),
    ],
    "norris-bank": [
        (
            # Norris Bank 4: the Social Media Policy is part of the safeguarding induction.
            TrainingKind.SAFEGUARDING_INDUCTION,
            "Safeguarding induction, including the Social Media Policy",
            "Designated safeguarding lead",
            ("head", "dsl", "esafety", "teacher", "support"),
        ),
        (
            TrainingKind.ESAFETY_BRIEFING,
            "E-safety update: reporting inappropriate content",
            "E-safety team",
            ("head", "dsl", "esafety"),
        ),
    ],
}
WITHDRAWN_TITLE = "E-safety briefing (entered twice)"


def load_training(school: School, people: dict[str, User]) -> None:
    if not school.has_module(Module.TRAINING) or school.slug not in SESSIONS:
        return
    held_on = year_start(school)
    existing = set(
        TrainingSession.objects.for_school(school)
        .filter(held_on=held_on)
        .values_list("title", flat=True)
    )
    for kind, title, led_by, prefixes in SESSIONS[school.slug]:
        if title not in existing:
            training_session_record(
                school=school,
                kind=kind,
                held_on=held_on,
                title=title,
                led_by=led_by,
                attendees=[people[prefix] for prefix in prefixes],
                by=people["dsl"],
            )
    if WITHDRAWN_TITLE not in existing:
        mistake = training_session_record(
            school=school,
            kind=TrainingKind.ESAFETY_BRIEFING,
            held_on=held_on,
            title=WITHDRAWN_TITLE,
            led_by="E-safety team",
            attendees=[people["teacher"]],
            by=people["dsl"],
        )
        training_session_withdraw(
            session=mistake, reason="Recorded twice by mistake.", by=people["head"]
        )
