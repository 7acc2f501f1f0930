"""The quick contact-attempt log: two questions on a phone, the headteacher told, the
handlers' list of every attempt.

Oakfield's cast (tests/conftest.py): the teacher logs, the headteacher is told and reads
the list with the DSL; a teacher does not see the list.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from incidents.models import ContactAttempt, Contacter
from incidents.services.contact import NOTIFICATION_TITLE, contact_attempt_record
from notifications.models import Notification
from tests.helpers.dbstate import snapshot
from tests.helpers.querycount import assert_queries_constant
from tests.incidents.factories import incident_in
from tests.notifications.helpers import run_pending
from tests.schools.factories import network_in

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "oakfield") -> str:
    return reverse(f"incidents:{name}", kwargs={"school_slug": slug})


def test_a_teacher_logs_an_attempt_on_a_phone_and_the_headteacher_is_told(
    school, head, teacher, client_for
):
    instagram = network_in(school, "instagram")
    client = client_for(teacher)

    page = client.get(url("contact")).content.decode()
    assert 'name="viewport"' in page
    # Two questions: who, and where (a place from the school's list, or typed).
    assert re.findall(r"<legend[^>]*>([^<]+)</legend>", page) == [
        "Who tried to contact you?",
        "Where?",
    ]
    assert page.count('type="radio"') == len(Contacter.choices)
    assert ">Instagram</option>" in page

    response = client.post(
        url("contact"), {"who": Contacter.PARENT, "platform": str(instagram.public_id)}, follow=True
    )

    assert response.redirect_chain[-1][0] == url("contact")
    assert "Thank you: the contact attempt is logged" in response.content.decode()
    attempt = ContactAttempt.objects.for_school(school).get()
    assert (attempt.who, attempt.platform, attempt.reported_by) == (
        Contacter.PARENT,
        instagram,
        teacher,
    )
    # Listed below the form, among the person's own.
    assert "A parent or carer</strong>, Instagram" in response.content.decode()

    (notice,) = Notification.objects.for_person(school, head)
    assert notice.title == NOTIFICATION_TITLE
    assert notice.url == url("contacts")
    run_pending(school)
    (email,) = mail.outbox
    assert email.to == [head.email]
    for text in (notice.title, email.subject, email.body):
        assert "Tara" not in text
        assert "Thompson" not in text
        assert "Instagram" not in text


def test_an_attempt_somewhere_else_is_typed(school, head, teacher, client_for):
    network_in(school)

    client_for(teacher).post(url("contact"), {"who": Contacter.PUPIL, "platform_other": "Text"})

    attempt = ContactAttempt.objects.for_school(school).get()
    assert (attempt.platform, attempt.platform_name) == (None, "Text")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"who": Contacter.PUPIL}, "Choose where it happened, or type it under"),
        ({"platform_other": "WhatsApp"}, "Choose who tried to contact you."),
        (
            {"who": Contacter.PUPIL, "platform": "other"},
            "Choose a place from the school&#x27;s list.",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    school, other_school, head, teacher, client_for, data, message
):
    network_in(school)
    if data.get("platform") == "other":
        # Another school's copy of the network: not one of this school's choices.
        data = {**data, "platform": str(network_in(other_school).public_id)}
    before = snapshot()

    response = client_for(teacher).post(url("contact"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem: nothing was saved" in page
    assert message in page
    assert before.changes(snapshot()) == {}


def test_the_service_refuses_another_schools_network(school, other_school, teacher):
    theirs = network_in(other_school)

    with pytest.raises(Exception, match="school's list"):
        contact_attempt_record(school=school, by=teacher, who=Contacter.PUPIL, platform=theirs)

    assert not ContactAttempt.objects.for_school(school).exists()


def _attempt(school: Any, by: Any, who: str = Contacter.PUPIL, **fields: Any) -> ContactAttempt:
    return contact_attempt_record(school=school, by=by, who=who, platform_other="Text", **fields)


def test_handlers_see_every_attempt_and_open_an_incident_from_one(
    school, head, dsl, teacher, client_for
):
    first = _attempt(school, teacher, Contacter.PARENT)
    second = _attempt(school, dsl, Contacter.PUPIL)
    incident = incident_in(school, by=teacher)
    second.incident = incident
    second.save()

    page = client_for(dsl).get(url("contacts")).content.decode()

    assert "2 contact attempts, newest first" in page
    assert "Tara Thompson" in page
    assert "Dan Douglas" in page
    assert f"{url('add')}?contact={first.public_id}" in page
    assert f"?contact={second.public_id}" not in page
    incident_page = reverse(
        "incidents:incident", kwargs={"school_slug": "oakfield", "incident_id": incident.public_id}
    )
    assert f'href="{incident_page}"' in page

    filtered = client_for(head).get(url("contacts"), {"who": Contacter.PARENT}).content.decode()
    assert "1 contact attempt, newest first" in filtered
    assert "Dan Douglas" not in filtered


def test_the_list_costs_the_same_queries_with_more_attempts(school, head, teacher, client_for):
    client = client_for(head)

    assert_queries_constant(
        lambda: client.get(url("contacts")),
        lambda n: [_attempt(school, teacher) for _ in range(n)],
        sizes=(2, 6),
    )


def test_a_teacher_and_a_governor_cannot_see_the_list(school, teacher, governor, client_for):
    assert client_for(teacher).get(url("contacts")).status_code == 403
    assert client_for(governor).get(url("contacts")).status_code == 403
    assert client_for(governor).get(url("contact")).status_code == 403
