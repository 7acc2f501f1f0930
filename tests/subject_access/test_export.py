"""The export: a ZIP of the subject's records as CSVs and PDFs, and nobody else's."""

from __future__ import annotations

import pytest

from forms_app.services import access_request_decide
from incidents.models import PersonKind
from incidents.services.incidents import PersonEntry
from schools.roles import Role
from subject_access.models import SarStatus
from tests.agreements.factories import child_in, class_in, signed_in
from tests.factories import member
from tests.forms_app.factories import report_in, request_in
from tests.governance.factories import complaint_in
from tests.incidents.factories import incident_in
from tests.subject_access.conftest import exported, zip_files
from tests.subject_access.factories import sar_in

OTHER_CHILD = "Zoltan Quibblesworth"


@pytest.fixture
def amira(school, head, teacher):
    return child_in(school, "Amira", "Khan", reference="P0042")


@pytest.fixture
def zoltan(school, head):
    return child_in(school, "Zoltan", "Quibblesworth", school_class=class_in(school))


def _both_involved(school, teacher, **fields):
    people = [
        PersonEntry(PersonKind.PUPIL, "target", "Amira Khan", class_in(school)),
        PersonEntry(PersonKind.PUPIL, "perpetrator", OTHER_CHILD, class_in(school)),
    ]
    return incident_in(school, teacher, people=people, **fields)


def _everything(files: dict[str, str]) -> str:
    return "\n".join(files.values())


def test_a_pupils_zip_holds_their_incidents_and_agreements_as_pdf_and_csv(
    school, head, teacher, amira, zoltan
):
    incident = _both_involved(
        school, teacher, description="Zoltan Quibblesworth posted unkind messages about Amira."
    )
    agreement = signed_in(school, child_name="Amira Khan", parent_name="Farah Khan")
    assert agreement.child == amira
    sar = exported(sar_in(school, child=amira), head)

    assert sar.status == SarStatus.EXPORTED
    files = zip_files(sar)
    assert f"pdf/incidents/{incident.reference}.pdf" in files
    assert f"pdf/agreements/{agreement.reference}.pdf" in files
    assert "pdf/roster.pdf" in files
    incident_pdf = files[f"pdf/incidents/{incident.reference}.pdf"]
    assert "Amira Khan (the subject of this request)" in incident_pdf
    assert "another pupil posted unkind messages about Amira" in incident_pdf
    assert incident.reference in files["csv/incidents.csv"]
    assert "Target" in files["csv/incidents.csv"]
    assert agreement.reference in files["csv/agreements.csv"]
    assert "P0042" in files["csv/roster.csv"]
    assert "Farah Khan" in files[f"pdf/agreements/{agreement.reference}.pdf"]


def test_another_pupil_named_in_the_same_incident_appears_in_no_file(
    school, head, teacher, amira, zoltan
):
    _both_involved(
        school,
        teacher,
        description="Zoltan Quibblesworth posted unkind messages; Zoltan said sorry later.",
    )
    incident_in(
        school,
        teacher,
        people=[PersonEntry(PersonKind.PUPIL, "target", OTHER_CHILD, class_in(school))],
        description="A different incident that Amira had nothing to do with.",
    )
    files = zip_files(exported(sar_in(school, child=amira), head))

    everything = _everything(files)
    assert "Zoltan" not in everything
    assert "Quibblesworth" not in everything
    assert "A different incident" not in everything
    assert "another pupil" in everything


def test_a_safeguarding_report_linked_to_their_incident_is_in_the_zip(
    school, head, teacher, amira, zoltan
):
    report = report_in(
        school, safeguarding=True, nature="Amira Khan and Zoltan Quibblesworth saw it together."
    )
    _both_involved(school, teacher, content_report=report)
    files = zip_files(exported(sar_in(school, child=amira), head))

    assert f"pdf/content_reports/{report.reference}.pdf" in files
    assert report.reference in files["csv/content_reports.csv"]
    assert "Quibblesworth" not in _everything(files)


def test_a_staff_members_zip_holds_the_requests_they_filed_and_not_a_colleagues(
    school, head, teacher
):
    colleague = member(school, Role.TEACHER, full_name="Colin Colleague", email="c@oakfield.test")
    theirs = request_in(school, by=teacher, url="https://theirs.example.com/volcano")
    other = request_in(school, by=colleague, url="https://colleague.example.org/rivers")
    access_request_decide(request=theirs, by=head, approve=True, reason="Fine.", access_until=None)
    complaint = complaint_in(school, by=head, complainant="Priya Parent")
    sar = exported(sar_in(school, staff=teacher, requester_name="Tara Thompson"), head)

    files = zip_files(sar)
    everything = _everything(files)
    assert f"pdf/access_requests/{theirs.reference}.pdf" in files
    assert "theirs.example.com" in files["csv/access_requests.csv"]
    assert f"pdf/access_requests/{other.reference}.pdf" not in files
    assert "colleague.example.org" not in everything
    assert "Colin Colleague" not in everything
    assert "teacher@oakfield.test" in files["csv/account.csv"]
    assert "Teacher" in files["csv/roles.csv"]
    assert complaint.reference not in everything  # recorded by the head, not by them
    assert "csv/changes_made.csv" in files


def test_the_heads_zip_holds_what_they_decided_and_recorded_without_the_complainant(
    school, head, teacher
):
    decided = request_in(school, by=teacher)
    access_request_decide(request=decided, by=head, approve=False, reason="No.", access_until=None)
    complaint = complaint_in(school, by=head, complainant="Priya Parent")
    files = zip_files(exported(sar_in(school, staff=head, requester_name="Helen Hughes"), head))

    assert "decided it" in files["csv/access_requests.csv"]
    assert f"pdf/complaints/{complaint.reference}.pdf" in files
    assert "Priya Parent" not in _everything(files)


def test_a_parents_zip_holds_the_agreements_they_signed_and_not_another_familys(
    school, head, amira, zoltan
):
    theirs = signed_in(
        school, child_name="Amira Khan", parent_name="Farah Khan", email="farah@example.com"
    )
    other = signed_in(
        school, child_name=OTHER_CHILD, parent_name="Quentin Quibblesworth", email="q@example.com"
    )
    sar = exported(sar_in(school, parent=("Farah Khan", "farah@example.com")), head)

    files = zip_files(sar)
    assert f"pdf/agreements/{theirs.reference}.pdf" in files
    assert f"pdf/agreements/{other.reference}.pdf" not in files
    assert "Quibblesworth" not in _everything(files)
    assert "farah@example.com" in files["csv/agreements.csv"]


def test_the_readme_lists_the_files_and_warns_about_other_names(school, head, amira):
    files = zip_files(exported(sar_in(school, child=amira), head))

    readme = files["README.txt"]
    assert "Amira Khan" in readme
    assert "pdf/roster.pdf" in readme
    assert "another pupil" in readme


def test_exporting_again_replaces_the_zip_and_a_running_export_is_not_doubled(school, head, amira):
    from subject_access.services import sar_export_start

    sar = sar_in(school, child=amira)
    first = sar_export_start(request=sar, by=head)
    assert sar_export_start(request=sar, by=head) == first  # still waiting: the same job
    once = exported(sar, head)
    twice = exported(once, head)
    assert twice.exports == 2
    assert twice.export_file.name != once.export_file.name
    assert twice.export_file.storage.exists(twice.export_file.name)


def test_a_staff_members_zip_holds_incidents_they_logged_or_are_recorded_in(
    school, head, teacher, amira
):
    from incidents.models import IncidentKind

    logged = incident_in(school, teacher, description="Amira Khan was upset at break.")
    about_them = incident_in(
        school,
        head,
        kind=IncidentKind.STAFF_CONDUCT,
        people=[
            PersonEntry(PersonKind.STAFF, "perpetrator", "Tara Thompson"),
            PersonEntry(PersonKind.PUPIL, "target", "Amira Khan", class_in(school)),
        ],
        description="Tara Thompson followed Amira Khan on a personal account.",
    )
    unrelated = incident_in(school, head, description="Nothing to do with the teacher.")
    files = zip_files(exported(sar_in(school, staff=teacher, requester_name="Tara"), head))

    everything = _everything(files)
    assert f"pdf/incidents/{logged.reference}.pdf" in files
    assert f"pdf/incidents/{about_them.reference}.pdf" in files
    assert f"pdf/incidents/{unrelated.reference}.pdf" not in files
    assert "involved: alleged perpetrator" in files["csv/incidents.csv"]
    assert "Tara Thompson (the subject of this request)" in everything
    assert "Amira" not in everything
    assert "followed another pupil on a personal account" in everything
