"""The school's policy: drafts, publishing, acknowledgement, and the import command."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import call_command

from policies.importer import parse_policy_text
from policies.models import PolicyAcknowledgement, PolicyClause, PolicySection, PolicyVersion
from policies.services import (
    policy_acknowledge,
    policy_clause_edit,
    policy_draft_start,
    policy_import_draft,
    policy_publish,
    policy_section_edit,
)
from tests.audit.paths import (
    COMMAND,
    SERVICE,
    VIEW,
    Changed,
    World,
    path,
    written_by_load_demo,
)
from tests.policies.conftest import OAKFIELD_POLICY

written_by_load_demo(
    "policies.PolicyVersion",
    "policies.PolicySection",
    "policies.PolicyClause",
    "policies.PolicyAcknowledgement",
)
IMPORTED = "import_policy"


def _in_force(w: World) -> PolicyVersion:
    draft = policy_import_draft(
        school=w.school, parsed=parse_policy_text(OAKFIELD_POLICY), by=w.head
    )
    return policy_publish(version=draft, by=w.head, material_change=True, change_summary="First.")


def _draft(w: World) -> PolicyVersion:
    _in_force(w)
    return policy_draft_start(school=w.school, by=w.head)


def _section(version: PolicyVersion) -> PolicySection:
    sections = PolicySection.objects.for_school(version.school).filter(version=version)
    return sections.filter(kind="section").order_by("order")[0]


def _clause(version: PolicyVersion) -> PolicyClause:
    return PolicyClause.objects.for_school(version.school).get(version=version, number="1.3")


def _imported(w: World, *options: str) -> PolicyVersion:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "policy.txt"
        file.write_text(OAKFIELD_POLICY)
        call_command("import_policy", w.school.slug, str(file), *options, stdout=io.StringIO())
    return PolicyVersion.objects.for_school(w.school).get()


# --- PolicyVersion ----------------------------------------------------------------------------


@path("policies.PolicyVersion", VIEW, "draft-start")
def _version_view(w: World) -> Changed:
    _in_force(w)
    w.start()
    w.post(w.head, "policies:draft-start")
    return Changed(PolicyVersion.objects.for_school(w.school).get(status="draft"), w.head)


@path("policies.PolicyVersion", SERVICE, "policy_publish")
def _version_service(w: World) -> Changed:
    return Changed(_in_force(w), w.head)


@path("policies.PolicyVersion", COMMAND, "import_policy --as")
def _version_command(w: World) -> Changed:
    return Changed(_imported(w, "--as", w.head.email), w.head, IMPORTED)


@path("policies.PolicyVersion", COMMAND, "import_policy, nobody named")
def _version_command_alone(w: World) -> Changed:
    return Changed(_imported(w), None, IMPORTED)


# --- PolicySection ----------------------------------------------------------------------------


@path("policies.PolicySection", VIEW, "section-edit")
def _section_view(w: World) -> Changed:
    section = _section(_draft(w))
    w.start()
    w.post(
        w.head,
        "policies:section-edit",
        {"heading": "Online bullying"},
        section_id=section.public_id,
    )
    return Changed(section, w.head)


@path("policies.PolicySection", SERVICE, "policy_section_edit")
def _section_service(w: World) -> Changed:
    section = _section(_draft(w))
    w.start()
    policy_section_edit(section=section, heading="Online bullying", by=w.head)
    return Changed(section, w.head)


@path("policies.PolicySection", COMMAND, "import_policy --as")
def _section_command(w: World) -> Changed:
    return Changed(_section(_imported(w, "--as", w.head.email)), w.head, IMPORTED)


# --- PolicyClause -----------------------------------------------------------------------------


@path("policies.PolicyClause", VIEW, "clause-add")
def _clause_view(w: World) -> Changed:
    section = _section(_draft(w))
    w.start()
    w.post(
        w.head,
        "policies:clause-add",
        {"number": "1.4", "text": "Keep screen prints as evidence.", "bullets": ""},
        section_id=section.public_id,
    )
    return Changed(section.version.clauses.get(number="1.4"), w.head)


@path("policies.PolicyClause", VIEW, "clause-remove")
def _clause_removed(w: World) -> Changed:
    clause = _clause(_draft(w))
    w.start()
    w.post(w.head, "policies:clause-remove", clause_id=clause.public_id)
    assert not PolicyClause.objects.for_school(w.school).filter(pk=clause.pk).exists()
    return Changed(clause, w.head)


@path("policies.PolicyClause", SERVICE, "policy_clause_edit")
def _clause_service(w: World) -> Changed:
    clause = _clause(_draft(w))
    w.start()
    policy_clause_edit(clause=clause, number="1.3", text="The head decides.", bullets=[], by=w.head)
    return Changed(clause, w.head)


@path("policies.PolicyClause", COMMAND, "import_policy --as")
def _clause_command(w: World) -> Changed:
    return Changed(_clause(_imported(w, "--as", w.head.email)), w.head, IMPORTED)


# --- PolicyAcknowledgement --------------------------------------------------------------------


@path("policies.PolicyAcknowledgement", VIEW, "acknowledge")
def _ack_view(w: World) -> Changed:
    version = _in_force(w)
    w.post(w.teacher, "policies:acknowledge", {"version": "1"})
    acks = PolicyAcknowledgement.objects.for_school(w.school)
    return Changed(acks.get(version=version, user=w.teacher), w.teacher)


@path("policies.PolicyAcknowledgement", SERVICE, "policy_acknowledge")
def _ack_service(w: World) -> Changed:
    return Changed(policy_acknowledge(version=_in_force(w), user=w.teacher), w.teacher)
