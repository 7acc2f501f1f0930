"""The audit trail: each history row django-simple-history writes becomes an AuditEvent.

simple-history keeps one history table per model. A governor's question is
"what changed in this school, and who changed it?", across all of them, so
every history row is also written, in the same transaction, as one
``AuditEvent``: the school, when, who, the record, and field by field what
changed from what to what, as people read it (``schools.history``).
``schools.audited.AuditedHistory`` writes the two rows together
(``write_history``; on PostgreSQL, one statement). The
audit pages then read one indexed table: filters, pages and exports cost the
same few queries however many kinds of record there are.

Rows of platform-wide models (accounts, the default reference lists) belong
to no school and are not written here; a person's roles in a school are
(``schools.Membership``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections, models, router
from simple_history.models import registered_models

from documents.models import Document
from governance.models import AuditAction, AuditEvent
from schools.history import (
    changes_between,
    history_fields,
    history_value_names,
    people_named,
    user_ids,
)
from schools.models import School


@dataclass(frozen=True)
class RecordType:
    """How the audit history names one kind of record."""

    group: str
    name: str
    # Names or describes a child: values shown only to safeguarding roles.
    sensitive: bool = False


SCHOOL = "The school"
POLICY = "The policy"
FILTERING = "Web filtering"
INCIDENTS = "Incidents"
AGREEMENTS = "Home-school agreements"
TRAINING = "Staff training"
GOVERNANCE = "Governance"
DOCUMENTS = "PDF copies"

RECORD_TYPES: dict[str, RecordType] = {
    "schools.school": RecordType(SCHOOL, "School settings"),
    "schools.membership": RecordType(SCHOOL, "People's roles"),
    "people.invitation": RecordType(SCHOOL, "Invitations to join the school"),
    "schools.schoolclass": RecordType(SCHOOL, "Classes"),
    "schools.reviewroute": RecordType(SCHOOL, "Who reviews what"),
    "schools.trainingrequirement": RecordType(SCHOOL, "Training requirements"),
    "schools.socialnetwork": RecordType(SCHOOL, "Social networks (reporting contacts)"),
    "schools.phoneprovider": RecordType(SCHOOL, "Mobile providers (reporting contacts)"),
    "policies.policyversion": RecordType(POLICY, "Policy versions"),
    "policies.policysection": RecordType(POLICY, "Policy sections"),
    "policies.policyclause": RecordType(POLICY, "Policy clauses"),
    "policies.policyacknowledgement": RecordType(POLICY, "Acknowledgements of the policy"),
    "forms_app.accessrequest": RecordType(FILTERING, "Access requests"),
    # A report's description of what was seen can describe a child.
    "forms_app.contentreport": RecordType(FILTERING, "Content reports", sensitive=True),
    "forms_app.reportedsite": RecordType(FILTERING, "Reported sites", sensitive=True),
    "forms_app.filterdecision": RecordType(FILTERING, "Filtering register"),
    "incidents.incident": RecordType(INCIDENTS, "Incidents", sensitive=True),
    "incidents.incidentperson": RecordType(INCIDENTS, "People involved", sensitive=True),
    "incidents.incidentstep": RecordType(INCIDENTS, "Incident checklist steps", sensitive=True),
    "incidents.decision": RecordType(INCIDENTS, "Incident decisions", sensitive=True),
    "incidents.externalreport": RecordType(INCIDENTS, "Reports made outside", sensitive=True),
    "incidents.evidencefile": RecordType(INCIDENTS, "Evidence files", sensitive=True),
    "incidents.incidentnote": RecordType(INCIDENTS, "Incident notes", sensitive=True),
    "incidents.contactattempt": RecordType(INCIDENTS, "Contact attempts", sensitive=True),
    "incidents.checkliststep": RecordType(INCIDENTS, "Checklist templates"),
    "agreements.agreementversion": RecordType(AGREEMENTS, "Agreement texts"),
    "agreements.agreementtranslation": RecordType(AGREEMENTS, "Agreement translations"),
    "agreements.agreementsettings": RecordType(AGREEMENTS, "Agreement settings"),
    "agreements.kiosksession": RecordType(AGREEMENTS, "Kiosks"),
    "agreements.child": RecordType(AGREEMENTS, "Class lists (children)", sensitive=True),
    "agreements.signinglink": RecordType(AGREEMENTS, "Signing links", sensitive=True),
    "agreements.agreement": RecordType(AGREEMENTS, "Signed agreements", sensitive=True),
    "training.trainingsession": RecordType(TRAINING, "Training sessions"),
    "training.attendance": RecordType(TRAINING, "Training attendance"),
    "governance.complaint": RecordType(GOVERNANCE, "Complaints"),
    "documents.document": RecordType(DOCUMENTS, "PDF copies"),
    "retention.retentionrule": RecordType(SCHOOL, "Retention rules"),
    # Why a record is held may speak of a child.
    "retention.legalhold": RecordType(SCHOOL, "Legal holds", sensitive=True),
    # Names the person (a pupil, perhaps) whose records were asked for.
    "subject_access.subjectaccessrequest": RecordType(
        SCHOOL, "Subject access requests", sensitive=True
    ),
}
# Platform-wide rows: no school's audit history holds them.
PLATFORM_TYPES = frozenset(
    {
        "accounts.user",
        "schools.socialnetworkdefault",
        "schools.phoneproviderdefault",
        # A person's two-factor app and recovery codes belong to them, not to a school.
        "twofactor.totpdevice",
        "twofactor.recoverycode",
    }
)
# Bookkeeping of a kind of record that tells a reader nothing.
HIDDEN_FIELDS: dict[str, frozenset[str]] = {
    "documents.document": frozenset(
        {"file", "content_sha256", "job", "subject_id", "subject_type"}
    ),
}
# PDF copies of these records carry what the records say.
SENSITIVE_DOCUMENTS = frozenset({"agreement", "incident-pack", "content-report"})


def record_type_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _school_id(instance: models.Model) -> int | None:
    if isinstance(instance, School):
        return instance.pk
    return getattr(instance, "school_id", None)


def is_sensitive(key: str, instance: models.Model) -> bool:
    if isinstance(instance, Document):
        return instance.subject_type in SENSITIVE_DOCUMENTS
    return RECORD_TYPES[key].sensitive


def record_label(key: str, instance: models.Model, *, sensitive: bool) -> str:
    """The record as the audit history names it; never a child's name."""
    kind = RECORD_TYPES[key].name
    if isinstance(instance, Document):
        return f"{kind}: {instance.reference or instance.subject_type}, version {instance.version}"
    if getattr(instance, "incident_id", None) is not None:
        return f"{kind}: {instance.incident.reference}"  # type: ignore[attr-defined]
    reference = getattr(type(instance), "reference", None)
    if isinstance(reference, property):
        return f"{kind}: {instance.reference}"  # type: ignore[attr-defined]
    if sensitive:
        return f"{kind}: number {instance.pk}"
    return f"{kind}: {str(instance)[:200]}"


def _previous(history_instance: Any, instance: models.Model) -> Any:
    """The record's history row before this one (its latest, if this one is not written yet)."""
    rows = type(history_instance).objects.filter(**{instance._meta.pk.attname: instance.pk})
    if history_instance.history_id is not None:
        rows = rows.filter(history_id__lt=history_instance.history_id)
    return rows.order_by("-history_id").first()


def _people(history_instance: Any, previous: Any, fields: list[Any]) -> dict[int, str]:
    """Names for the user fields; the actor, usually the only one, costs no query."""
    rows = [history_instance] + ([previous] if previous is not None else [])
    actor = history_instance.history_user
    known = {actor.pk: actor.full_name or actor.email} if actor is not None else {}
    if user_ids(rows, fields) - known.keys():
        return {**people_named(rows, fields), **known}
    return known


def audit_event_for(instance: models.Model, history_instance: Any) -> AuditEvent | None:
    """The AuditEvent one history row makes (unsaved); None for platform-wide rows."""
    key = record_type_key(type(instance))
    if key in PLATFORM_TYPES:
        return None
    school_id = _school_id(instance)
    if school_id is None:
        return None
    kept = {field.attname for field in type(history_instance)._meta.concrete_fields}
    hidden = HIDDEN_FIELDS.get(key, frozenset())
    fields = [field for field in history_fields(type(instance), hidden) if field.attname in kept]
    action = AuditAction(history_instance.history_type)
    changes: list[list[str]] = []
    if action != AuditAction.REMOVED:
        # A created record has no earlier row to compare with.
        previous = _previous(history_instance, instance) if action == AuditAction.CHANGED else None
        changes = [
            [change.label, change.old, change.new]
            for change in changes_between(
                fields,
                previous,
                history_instance,
                people=_people(history_instance, previous, fields),
                labels={},
                value_names=history_value_names(type(instance)),
            )
        ]
    sensitive = is_sensitive(key, instance)
    return AuditEvent(
        school_id=school_id,
        at=history_instance.history_date,
        actor_id=history_instance.history_user_id,
        reason=(history_instance.history_change_reason or "")[:200],
        action=action,
        record_type=key,
        record_id=str(instance.pk),
        record_label=record_label(key, instance, sensitive=sensitive),
        history_id=history_instance.history_id,
        changes=changes,
        sensitive=sensitive,
    )


def write_history(instance: models.Model, history_instance: Any, *, using: str | None) -> None:
    """Save ``history_instance`` (unsaved) and the audit event it makes.

    On PostgreSQL both are one statement: the history row's ``INSERT …
    RETURNING history_id`` is a ``WITH`` query the event's ``INSERT`` reads
    its ``history_id`` from. Elsewhere (SQLite) they are saved one after the
    other. Either way they are written inside the caller's transaction.
    """
    alias = using or router.db_for_write(type(history_instance), instance=history_instance)
    event = audit_event_for(instance, history_instance)
    connection = connections[alias]
    if event is None or connection.vendor != "postgresql":
        history_instance.save(using=alias)
        if event is not None:
            event.history_id = history_instance.history_id
            event.save(using=alias)
        return
    history_model: type[models.Model] = type(history_instance)
    history_sql, history_pk = _insert_statement(history_model, alias)
    event_sql, event_returns = _insert_statement(AuditEvent, alias, HISTORY_ID)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH written_history AS ({history_sql} RETURNING {history_pk}) "
            f"{event_sql} RETURNING {event_returns}",
            (*_values(history_instance, connection), *_values(event, connection, HISTORY_ID)),
        )
        event.pk, history_id = cursor.fetchone()
    history_instance.history_id = event.history_id = history_id
    for row in (history_instance, event):
        row._state.adding = False
        row._state.db = alias


HISTORY_ID = "history_id"  # AuditEvent's column naming the history row


@cache
def _insert_statement(
    model: type[models.Model], alias: str, from_history: str | None = None
) -> tuple[str, str]:
    """``INSERT INTO`` one row of ``model`` (its automatic key left to the database), and
    the column list its ``RETURNING`` names: the key, and ``from_history`` if given.

    The ``from_history`` column takes the history row's key from ``written_history``;
    every other column a parameter, in ``_fields`` order. Fields with a placeholder of
    their own (binary ones) are refused: no audited model has them.
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    columns, values = [], []
    for field in _fields(model):
        if hasattr(field, "get_placeholder"):
            raise TypeError(f"{field} needs a placeholder of its own")
        columns.append(quote(field.column))
        from_written = f"(SELECT {quote(HISTORY_ID)} FROM written_history)"  # noqa: S608
        values.append(from_written if field.column == from_history else "%s")
    returning = [quote(model._meta.pk.column), *([quote(from_history)] if from_history else [])]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(values)})"
    )
    return sql, ", ".join(returning)


@cache
def _fields(model: type[models.Model]) -> tuple[models.Field[Any, Any], ...]:
    meta = model._meta
    return tuple(
        f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated
    )


def _values(row: models.Model, connection: Any, from_history: str | None = None) -> list[Any]:
    """The parameters of ``row``'s insert, as Django's insert compiler prepares them."""
    return [
        field.get_db_prep_save(field.pre_save(row, True), connection=connection)
        for field in _fields(type(row))
        if field.column != from_history
    ]


def audited_models() -> list[type[models.Model]]:
    return list(registered_models.values())
