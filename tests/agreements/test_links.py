"""Signing by a personal link: sending it, the family's page, and every way a link stops working."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Match, Method, SigningLink
from agreements.services.links import link_send, link_token
from agreements.services.texts import agreement_translation_save
from schools.roles import Role
from tests.agreements.factories import child_in, class_in, signed_in, version_in
from tests.factories import member
from tests.helpers.querycount import assert_queries_constant
from tests.isolation.pages_texts import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what a request queued for after its commit (the email goes by a job, in-process)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def url(name: str, slug: str = "oakfield", **kwargs: object) -> str:
    return reverse(f"agreements:{name}", kwargs={"school_slug": slug, **kwargs})


def sign_url(link: SigningLink, slug: str = "oakfield") -> str:
    return url("sign", slug=slug, token=link_token(link))


def links(school) -> list[SigningLink]:
    return list(SigningLink.objects.for_school(school))


def agreements(school) -> list[Agreement]:
    return list(Agreement.objects.for_school(school))


def signed_form(link: SigningLink, **fields: str) -> dict[str, str]:
    version = version_in(link.school)
    data = {
        "key": str(uuid.uuid4()),
        "language": "en",
        "version": str(version.public_id),
        "parent_name": "Farah Khan",
        "how": "typed",
        "typed_signature": "Farah Khan",
        "agree": "on",
    }
    data.update(fields)
    return data


# --- Sending --------------------------------------------------------------------------


def test_sending_a_link_emails_the_family_their_personal_link(
    school, head, teacher, client_for, commits
):
    version_in(school)
    child = child_in(school)
    with commits():
        response = client_for(teacher).post(
            url("links"), {"child": str(child.public_id), "email": "farah@example.com"}
        )

    assert response.status_code == 302
    [link] = links(school)
    assert (link.child, link.email, link.created_by) == (child, "farah@example.com", teacher)
    assert link.expires_at - timezone.now() > datetime.timedelta(days=13)
    [email] = mail.outbox
    assert email.to == ["farah@example.com"]
    assert email.subject == "Please sign the home-school agreement — Oakfield Primary School"
    found = re.search(r"https?://\S+/oakfield/sign/(\S+)/", email.body)
    assert found, email.body
    assert client_for(teacher).get(found.group(0)).status_code == 200
    # The email does not name the child: the address may have been mistyped.
    assert "Amira" not in email.body


def test_the_list_shows_links_sent_this_year(school, head, teacher, client_for):
    link = link_in(school)
    page = client_for(teacher).get(url("links")).content.decode()
    assert "Link Child" in page
    assert link.email in page
    assert "Not used yet" in page


def _states_of(page: str, child_name: str) -> list[str]:
    """The state cells of the list's rows for ``child_name``'s links."""
    rows = [row for row in page.split("<tr>") if f'"row">{child_name} ' in row]
    return sorted(" ".join(row.split("<td>")[4].split("</td>")[0].split()) for row in rows)


def test_the_list_says_a_link_is_not_needed_once_the_family_signed_any_way(
    school, head, teacher, client_for, client
):
    link_in(school, child=child_in(school))  # Amira Khan
    signed_in(school)  # at the kiosk: matched to the roster's Amira Khan
    twice = child_in(school, "Link", "Child")
    first, _ = link_in(school, child=twice), link_in(school, child=twice)
    client.post(sign_url(first), signed_form(first))  # the family signs by one of two links
    link_in(school, child=child_in(school, "Sami", "Reed"))

    page = client_for(teacher).get(url("links")).content.decode()

    assert _states_of(page, "Amira Khan") == ["Not needed: already signed"]
    not_needed, used = _states_of(page, "Link Child")
    assert (not_needed, used.split()[0]) == ("Not needed: already signed", "Used")
    assert _states_of(page, "Sami Reed") == ["Not used yet"]


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_link_needs_an_email_address(school, head, teacher, client_for, email):
    version_in(school)
    child = child_in(school)
    response = client_for(teacher).post(url("links"), {"child": child.public_id, "email": email})
    assert response.status_code == 200
    assert "email address" in response.content.decode()
    assert links(school) == []


def test_another_schools_child_is_refused(school, other_school, head, teacher, client_for):
    version_in(school)
    member(other_school, Role.HEADTEACHER, email="head@riverside.test")
    theirs = child_in(other_school, school_class=class_in(other_school))
    response = client_for(teacher).post(
        url("links"), {"child": str(theirs.public_id), "email": "x@example.com"}
    )
    assert "Choose a child from the list." in response.content.decode()
    assert links(school) == []
    assert links(other_school) == []


def test_no_link_for_a_child_whose_family_already_signed(school, head, teacher, client_for):
    version_in(school)
    child = child_in(school)
    signed_in(school)  # Amira Khan in Oak: matched to the roster
    response = client_for(teacher).post(
        url("links"), {"child": str(child.public_id), "email": "x@example.com"}
    )
    assert "has already signed this year" in response.content.decode()
    assert links(school) == []


# --- The family's page ------------------------------------------------------------------


def test_the_link_opens_the_form_with_the_childs_name_and_class(school, head, teacher, client):
    link = link_in(school)
    response = client.get(sign_url(link))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Link Child" in page
    assert class_in(school).name in page
    assert "Be respectful towards members of staff" in page
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_signing_by_link_makes_one_agreement_from_the_roster(school, head, teacher, client):
    link = link_in(school)
    other_class = class_in(school, "Ash (Year 6)", 6)
    data = signed_form(link, child_name="Someone Else", school_class=str(other_class.pk))

    response = client.post(sign_url(link), data)

    assert response.status_code == 302
    assert response["Location"] == url("sign-thanks")
    [agreement] = agreements(school)
    assert agreement.method == Method.LINK
    assert (agreement.child_name, agreement.school_class) == ("Link Child", link.child.school_class)
    assert (agreement.child, agreement.match) == (link.child, Match.MATCHED)
    assert (agreement.link, agreement.recorded_by) == (link, teacher)
    link.refresh_from_db()
    assert link.used_at is not None


def test_the_same_form_sent_twice_makes_one_agreement(school, head, teacher, client):
    link = link_in(school)
    data = signed_form(link)
    client.post(sign_url(link), data)
    again = client.post(sign_url(link), data)
    assert again.status_code == 302
    assert len(agreements(school)) == 1


def test_a_used_link_does_not_work_again(school, head, teacher, client):
    link = link_in(school)
    client.post(sign_url(link), signed_form(link))

    response = client.post(sign_url(link), signed_form(link, parent_name="Someone"))

    assert response.status_code == 410
    assert "This link has already been used" in response.content.decode()
    assert "Link Child" not in response.content.decode()
    assert len(agreements(school)) == 1


def test_an_expired_link_says_so(school, head, teacher, client):
    link = link_in(school, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(sign_url(link))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "ask the school office for a new one" in response.content.decode()


def test_a_tampered_token_does_not_work(school, head, teacher, client):
    token = link_token(link_in(school))
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense", token + "x"):
        response = client.get(url("sign", token=bad))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()


def test_a_cancelled_link_does_not_work(school, head, teacher, client_for, client):
    link = link_in(school)
    cancelled = client_for(teacher).post(url("link-cancel", link_id=link.public_id))
    assert cancelled.status_code == 302

    response = client.post(sign_url(link), signed_form(link))

    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
    assert agreements(school) == []


def test_the_token_opens_nothing_under_another_schools_address(
    school, other_school, head, teacher, client
):
    link = link_in(school)
    response = client.get(url("sign", slug=other_school.slug, token=link_token(link)))
    assert response.status_code == 404
    assert "Link Child" not in response.content.decode()


def test_a_family_who_signed_at_the_kiosk_is_told_so(school, head, teacher, client):
    link = link_in(school, child=child_in(school))  # Amira Khan
    signed_in(school)
    response = client.get(sign_url(link))
    assert "The agreement is already signed" in response.content.decode()


def test_another_schools_link_cannot_be_cancelled(school, other_school, head, teacher, client_for):
    member(other_school, Role.HEADTEACHER, Role.TEACHER, email="t@riverside.test")
    theirs = link_in(other_school)
    response = client_for(teacher).post(url("link-cancel", link_id=theirs.public_id))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.cancelled_at is None


def test_the_family_signs_in_the_language_they_chose(school, head, teacher, client):
    link = link_in(school)
    agreement_translation_save(
        school=school,
        by=head,
        version=version_in(school),
        language="pl",
        language_name="Polski",
        title="Umowa",
        body="Będę szanować pracowników szkoły.",
    )
    page = client.get(sign_url(link) + "?language=pl").content.decode()
    assert "Będę szanować pracowników szkoły." in page

    client.post(sign_url(link), signed_form(link, language="pl"))

    [agreement] = agreements(school)
    assert (agreement.language, agreement.text_signed) == (
        "pl",
        "Będę szanować pracowników szkoły.",
    )


def test_link_send_refuses_a_child_of_another_school(school, other_school, head, teacher):
    version_in(school)
    member(other_school, Role.HEADTEACHER, email="head@riverside.test")
    theirs = child_in(other_school, school_class=class_in(other_school))
    with pytest.raises(Exception, match="this school's roll"):
        link_send(school=school, by=teacher, child=theirs, email="x@example.com")


def test_the_list_costs_the_same_queries_for_many_links(school, head, teacher, client_for):
    client = client_for(teacher)
    made = iter(range(1000))

    def add_links(n: int) -> None:
        for _ in range(n):
            number = next(made)
            link_in(school, child=child_in(school, "Child", f"Number{number}"))

    assert_queries_constant(lambda: client.get(url("links")), add_links)
