"""The governors' termly pack: its page, the PDF read back, and who may have it."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from documents.models import Document, DocumentStatus
from forms_app.services import access_request_decide, content_report_record_blocked
from governance.figures.pdf_sources import GOVERNORS_PACK, GovernorsPackPdf
from jobs.models import Job
from jobs.runner import run_job_now
from schools.calendar import current_term, school_today
from schools.roles import Role
from tests.agreements.factories import child_in, class_in, signed_in
from tests.documents.conftest import pdf_text, private_storage  # noqa: F401
from tests.factories import member
from tests.forms_app.factories import report_in, request_in
from tests.governance.factories import complaint_in
from tests.incidents.factories import PUPIL_NAME, incident_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]

UNKNOWN = "There are no figures for that term: choose one of the terms listed."
CHILD, PARENT, COMPLAINANT = "Amira Khan", "Farah Khan", "Petunia Complainer"
SUBJECT = "Photos of pupils on the school's Facebook page"
REPORTED_PAGE = "https://www.tiktok.com/@zoltan.quibblesworth"


def pack_url(school, term: str | None = None) -> str:
    url = reverse("governance:pack", kwargs={"school_slug": school.slug})
    return url if term is None else f"{url}?term={term}"


def words(text: str) -> str:
    return " ".join(text.split())


def produce(client, school, term: str) -> Job:
    """Press "Produce the pack", then run its job as a worker would."""
    response = client.post(pack_url(school), {"term": term})
    assert response.status_code == 302
    job = Job.objects.for_school(school).get(public_id=resolve(response.url).kwargs["job_id"])
    run_job_now(school.pk, job.pk)
    return job


def versions(school, term: str) -> list[Document]:
    return list(
        Document.objects.for_school(school)
        .filter(subject_type=GOVERNORS_PACK, subject_id=term)
        .order_by("version")
    )


def a_term_of_records(school, head) -> None:
    """A request allowed, a page reported and blocked, a complaint, and records naming a child."""
    approved = request_in(school, url="https://www.youtube.com/watch?v=volcano")
    access_request_decide(request=approved, by=head, approve=True, reason="Fine for the topic.")
    request_in(school)
    report = report_in(school, urls=[REPORTED_PAGE], nature=f"Posts about {CHILD}.")
    content_report_record_blocked(report=report, by=head, blocked_on=school_today(school))
    complaint_in(school, complainant=COMPLAINANT, subject=SUBJECT)
    incident_in(school)
    oak = class_in(school)
    child_in(school, "Amira", "Khan", oak)
    signed_in(school, child_name=CHILD, parent_name=PARENT, school_class=oak)


def test_the_pack_holds_the_figures_the_complaints_and_the_register(
    client_for, school, head, teacher, governor
):
    a_term_of_records(school, head)
    term = current_term(school)

    produce(client_for(governor), school, term.key)

    (document,) = versions(school, term.key)
    assert document.status == DocumentStatus.READY
    assert document.reference == f"OAKFIELD-GOVERNORS-{term.key.upper()}"
    text = words(pdf_text(document.file.read()))
    assert f"Governors' pack: {term.label}" in text
    # The figures, each chart with its numbers.
    for shown in (
        "Requests by outcome",
        "Approved 1 (50%) Refused 0 (0%) Withdrawn 0 (0%) Awaiting decision 1 (50%)",
        "Reports by outcome",
        "Blocked 1 (100%)",
        "Incidents by kind",
        "Cyberbullying 1 (100%)",
        "Agreement coverage by class",
        "1 of 1 (100%)",
    ):
        assert shown in text
    # The complaints: what, when, where they stand, and the complainant only as a kind.
    assert f"CMP-1: {SUBJECT}" in text
    assert "Who complained A parent or carer" in text
    assert "Outcome Still open" in text
    # The register: sites by their domain, with the reasons.
    assert "youtube.com: Allowed" in text
    assert "Fine for the topic." in text
    assert "tiktok.com: Blocked" in text


def test_the_pack_names_no_one(client_for, school, head, teacher, governor):
    a_term_of_records(school, head)
    term = current_term(school)

    produce(client_for(governor), school, term.key)

    (document,) = versions(school, term.key)
    text = words(pdf_text(document.file.read()))
    for named in (PUPIL_NAME, "Another Pupil", CHILD, PARENT, COMPLAINANT, "zoltan"):
        assert named not in text
    assert "watch?v=volcano" not in text  # no full web address either


def test_asking_again_with_nothing_changed_makes_no_new_version(client_for, school, head, governor):
    term = current_term(school).key
    client = client_for(governor)
    first = produce(client, school, term)

    again = client.post(pack_url(school), {"term": term})

    assert again.url == reverse(
        "jobs:detail", kwargs={"school_slug": school.slug, "job_id": first.public_id}
    )
    page = client.get(pack_url(school, term)).content.decode()
    assert "Download the pack, version 1 (PDF)" in page
    assert len(versions(school, term)) == 1


def test_the_page_offers_the_term_and_its_versions(client_for, school, governor):
    earlier = current_term(school).previous

    page = client_for(governor).get(pack_url(school, earlier.key)).content.decode()

    assert f'<input type="hidden" name="term" value="{earlier.key}">' in page
    assert "Produce the pack" in page
    assert "No pack has been produced for this term yet." in page


@pytest.mark.parametrize("term", ["nonsense", "2099-autumn", "", "1999-spring"])
def test_an_unknown_term_is_refused_clearly(client_for, school, governor, term):
    client = client_for(governor)

    page = client.get(pack_url(school, term)).content.decode()
    answer = client.post(pack_url(school), {"term": term}, follow=True)

    assert UNKNOWN in page
    assert "Produce the pack" not in page
    assert answer.redirect_chain[-1][0] == pack_url(school)
    assert UNKNOWN in answer.content.decode()
    assert not Job.objects.for_school(school).exists()


def test_the_source_loads_only_terms_with_figures(school):
    source = GovernorsPackPdf()
    now = current_term(school)

    assert source.load(school, now.key) == now
    for key in ("", "x", "2099-autumn", "2025-winter", "../2025-autumn"):
        assert source.load(school, key) is None


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.CLERK, Role.HEADTEACHER])
def test_governance_readers_produce_and_download_the_pack(client_for, school, role):
    client = client_for(member(school, role))
    term = current_term(school).key

    produce(client, school, term)

    (document,) = versions(school, term)
    url = reverse(
        "documents:download",
        kwargs={"school_slug": school.slug, "document_id": document.public_id},
    )
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_staff_without_a_governance_role_cannot_have_the_pack(client_for, school, governor):
    term = current_term(school).key
    produce(client_for(governor), school, term)
    (document,) = versions(school, term)
    download = reverse(
        "documents:download",
        kwargs={"school_slug": school.slug, "document_id": document.public_id},
    )
    for role in (Role.TEACHER, Role.DSL):
        client = client_for(member(school, role))
        assert client.get(pack_url(school)).status_code == 403
        assert client.post(pack_url(school), {"term": term}).status_code == 403
        assert client.get(download).status_code == 403
    assert len(versions(school, term)) == 1


def test_another_schools_member_finds_nothing(client_for, school, outsider):
    client = client_for(outsider)
    term = current_term(school).key

    assert client.get(pack_url(school, term)).status_code == 404
    assert client.post(pack_url(school), {"term": term}).status_code == 404
