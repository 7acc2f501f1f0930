"""Writing a chunk of generated schools: every table in foreign-key order, in bulk.

``dataset.bulk.write`` does the writing, with each record's history and audit
rows; this module only decides the order and names the people for the audit rows.
"""

from __future__ import annotations

from django.db import models

from accounts.models import User
from agreements.models import (
    Agreement,
    AgreementSettings,
    AgreementVersion,
    Child,
    KioskSession,
    SigningLink,
)
from dataset.bulk import Rows, write
from dataset.generator.seeded import _Built
from forms_app.models import AccessRequest, ContentReport, FilterDecision, ReportedSite
from governance.models import Complaint
from incidents.models import (
    ChecklistStep,
    Decision,
    ExternalReport,
    Incident,
    IncidentNote,
    IncidentPerson,
    IncidentStep,
)
from schools.models import (
    Membership,
    PhoneProvider,
    ReviewRoute,
    School,
    SchoolClass,
    SocialNetwork,
)
from training.models import Attendance, TrainingSession

# The order rows are written in: each after the rows its foreign keys point at.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    School, User, Membership, ReviewRoute, SocialNetwork, PhoneProvider, ChecklistStep,
    SchoolClass, Child, AccessRequest, ContentReport, ReportedSite, FilterDecision, Incident,
    IncidentPerson, IncidentStep, Decision, IncidentNote, ExternalReport, AgreementVersion,
    AgreementSettings, KioskSession, SigningLink, Agreement, Complaint, TrainingSession,
    Attendance,
)  # fmt: skip


def _write_in_order(rows: Rows, built: list[_Built]) -> int:
    """Schools and users first (their ids name people in the audit rows), then the rest."""
    assert set(rows.records) <= set(WRITE_ORDER), set(rows.records) - set(WRITE_ORDER)
    rows.records = {m: rows.records[m] for m in WRITE_ORDER if m in rows.records}
    first = Rows(batch_size=rows.batch_size)
    for model in (School, User):
        first.records[model] = rows.records.pop(model)
    written = write(first, {})
    people = {b.school.pk: {u.pk: u.full_name for u in b.users} for b in built}
    return written + write(rows, people)
