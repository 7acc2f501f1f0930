"""Disposing of one record: the record, its child rows, its files, its PDFs, its history.

Called only by ``retention.services.retention_dispose_due``, inside its
transaction, after the checks (on a review at least 14 days old, still past its
retention, not held, not open). What goes:

- the record and the rows that belong to it (an incident's people, checklist
  steps, decisions, outside reports, evidence and notes; a report's sites),
  each deleted as an instance, so django-simple-history writes its "removed"
  row and the audit trail its event, naming the reason "Automatic: retention";
- the files: incident evidence, an agreement's paper scan, and every PDF
  version of the record (``Document`` rows and their stored files); files are
  removed from storage once the transaction has committed, so a rollback
  never loses a file whose row is still there;
- every django-simple-history row of all of these;
- the values in their audit events (``AuditEvent.objects.blank_disposed_values``);
- looks at the record in the access log: blanked (reference "(disposed)", no
  id), except looks at an incident, which point at it by a foreign key that
  must name an incident (a check constraint): those are removed.

Rows that only point at the record and are kept (the filtering register's
lines, a contact attempt that led to an incident) lose the link, saved as
instances with the same automatic reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.db import models, transaction

from agreements.models import Agreement
from agreements.services.signing import AGREEMENT_PDF
from documents.models import Document
from forms_app.models import AccessRequest, ContentReport, FilterDecision
from forms_app.services.common import ACCESS_REQUEST_PDF, CONTENT_REPORT_PDF
from governance.complaints.services import COMPLAINT_PDF
from governance.models import DISPOSED_VALUE, AuditEvent, Complaint
from incidents.models import AccessLogEntry, AccessRecordType, ContactAttempt, Incident
from incidents.services.common import INCIDENT_PDF
from retention.models import RetainedKind
from schools.models import School

# Every PDF source whose subject is one of these records.
PDF_TYPES: dict[RetainedKind, tuple[str, ...]] = {
    RetainedKind.INCIDENT: (INCIDENT_PDF,),
    RetainedKind.ACCESS_REQUEST: (ACCESS_REQUEST_PDF,),
    RetainedKind.CONTENT_REPORT: (CONTENT_REPORT_PDF,),
    RetainedKind.AGREEMENT: (AGREEMENT_PDF,),
    RetainedKind.COMPLAINT: (COMPLAINT_PDF,),
}
ACCESS_LOG_TYPES: dict[RetainedKind, str] = {
    RetainedKind.CONTENT_REPORT: AccessRecordType.CONTENT_REPORT,
    RetainedKind.AGREEMENT: AccessRecordType.AGREEMENT,
}
MODELS: dict[RetainedKind, type[models.Model]] = {
    RetainedKind.INCIDENT: Incident,
    RetainedKind.ACCESS_REQUEST: AccessRequest,
    RetainedKind.CONTENT_REPORT: ContentReport,
    RetainedKind.AGREEMENT: Agreement,
    RetainedKind.COMPLAINT: Complaint,
}


def find_record(school: School, kind: RetainedKind, record_id: str) -> Any:
    """The school's record of that kind with that public id, locked; None when gone."""
    manager: Any = MODELS[kind]._default_manager
    return manager.for_school(school).select_for_update().filter(public_id=record_id).first()


class _Disposal:
    """What one disposal removes, gathered as it goes."""

    def __init__(self, school: School) -> None:
        self.school = school
        self.gone: dict[type[models.Model], list[Any]] = {}
        self.files: list[str] = []
        self.removed: Counter[str] = Counter()

    def remove(self, row: models.Model) -> None:
        pk = row.pk
        row.delete()
        self.gone.setdefault(type(row), []).append(pk)
        self.removed[row._meta.verbose_name_plural.capitalize()] += 1  # type: ignore[union-attr]

    def file(self, field: Any) -> None:
        if field:
            self.files.append(field.name)
            self.removed["Files"] += 1

    def unlink(self, row: models.Model, field: str) -> None:
        setattr(row, field, None)
        row._history_user = None  # type: ignore[attr-defined]
        row.save(update_fields=[field])

    def finish(self) -> dict[str, int]:
        """History rows go, audit values are blanked, files go after the commit."""
        for model, pks in self.gone.items():
            history: Any = model.history  # type: ignore[attr-defined]
            rows = history.filter(**{f"{model._meta.pk.attname}__in": pks})
            self.removed["History rows"] += rows.count()
            rows.delete()
            self.removed["Audit events blanked"] += AuditEvent.objects.blank_disposed_values(
                school=self.school,
                record_type=model._meta.label_lower,
                record_ids=[str(pk) for pk in pks],
            )
        names = list(self.files)
        transaction.on_commit(lambda: _delete_files(names))
        return dict(sorted(self.removed.items()))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _documents(disposal: _Disposal, kind: RetainedKind, record: Any) -> None:
    documents = Document.objects.for_school(disposal.school).filter(
        subject_type__in=PDF_TYPES[kind], subject_id=str(record.public_id)
    )
    for document in documents:
        disposal.file(document.file)
        disposal.remove(document)


def _access_log(disposal: _Disposal, kind: RetainedKind, record: Any) -> None:
    entries = AccessLogEntry.objects.for_school(disposal.school)
    if kind == RetainedKind.INCIDENT:
        looks = entries.filter(incident=record)
        disposal.removed["Access log entries removed"] += looks.count()
        looks.delete()
    elif kind in ACCESS_LOG_TYPES:
        looks = entries.filter(record_type=ACCESS_LOG_TYPES[kind], record_id=str(record.public_id))
        disposal.removed["Access log entries blanked"] += looks.update(
            record_id="", reference=DISPOSED_VALUE
        )


def _incident(disposal: _Disposal, incident: Incident) -> None:
    school = disposal.school
    for attempt in ContactAttempt.objects.for_school(school).filter(incident=incident):
        disposal.unlink(attempt, "incident")
    for evidence in incident.evidence.all():
        disposal.file(evidence.file)
        disposal.remove(evidence)
    for related in (incident.notes, incident.decisions, incident.reports, incident.steps):
        for row in related.all():
            disposal.remove(row)
    for person in incident.people.all():
        disposal.remove(person)


def _access_request(disposal: _Disposal, request: AccessRequest) -> None:
    lines = FilterDecision.objects.for_school(disposal.school).filter(access_request=request)
    for line in lines:
        disposal.unlink(line, "access_request")


def _content_report(disposal: _Disposal, report: ContentReport) -> None:
    lines = FilterDecision.objects.for_school(disposal.school).filter(content_report=report)
    for line in lines:
        disposal.unlink(line, "content_report")
    for site in report.sites.all():
        disposal.remove(site)


def _agreement(disposal: _Disposal, agreement: Agreement) -> None:
    disposal.file(agreement.scan)


def _nothing_more(disposal: _Disposal, record: Any) -> None:
    return None


PARTS: dict[RetainedKind, Callable[[_Disposal, Any], None]] = {
    RetainedKind.INCIDENT: _incident,
    RetainedKind.ACCESS_REQUEST: _access_request,
    RetainedKind.CONTENT_REPORT: _content_report,
    RetainedKind.AGREEMENT: _agreement,
    RetainedKind.COMPLAINT: _nothing_more,
}


def dispose_of(school: School, kind: RetainedKind, record: Any) -> dict[str, int]:
    """Remove ``record`` and everything of it; returns what went, counted by what it was."""
    disposal = _Disposal(school)
    _access_log(disposal, kind, record)
    _documents(disposal, kind, record)
    PARTS[kind](disposal, record)
    disposal.remove(record)
    return disposal.finish()
