"""The headteacher requires two-factor sign-in on the settings page; the history names them."""

from __future__ import annotations

from django.urls import reverse

from schools.models import School
from schools.roles import RecordKind, Role
from schools.services import review_routes_set
from tests.audit.formdata import form_data

from .helpers import verified_client


def _settings(school: School) -> str:
    return reverse("schools:settings", kwargs={"school_slug": school.slug})


def test_the_head_requires_it_and_the_history_names_them(school, head) -> None:
    for kind in RecordKind:
        review_routes_set(school=school, kind=kind, roles=[Role.HEADTEACHER], by=head)
    client = verified_client(head)
    page = client.get(_settings(school))
    assert "Require two-factor sign-in" in page.content.decode()

    response = client.post(
        _settings(school), form_data(page.context["form"]) | {"requires_two_factor": "on"}
    )

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.requires_two_factor
    latest = School.history.filter(id=school.pk).latest("history_id")  # type: ignore[attr-defined]
    assert latest.requires_two_factor
    assert latest.history_user == head
    shown = client.get(_settings(school)).content.decode()
    assert "Two-factor sign-in required of the headteacher, DSL and e-safety team: yes" in shown


def test_once_required_the_head_who_has_not_set_it_up_is_sent_to_set_up(
    school, head, client_for
) -> None:
    from twofactor.services import school_two_factor_require

    school_two_factor_require(school=school, required=True, by=head)

    response = client_for(head).get(_settings(school))

    assert response["Location"].startswith(reverse("twofactor:setup"))


def test_saving_the_same_value_writes_no_history(school, head) -> None:
    from twofactor.services import school_two_factor_require

    before = School.history.filter(id=school.pk).count()  # type: ignore[attr-defined]

    assert school_two_factor_require(school=school, required=False, by=head) == []
    assert School.history.filter(id=school.pk).count() == before  # type: ignore[attr-defined]
