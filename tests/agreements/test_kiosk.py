"""The kiosk: started by staff, signed by families, locked down, left with a password."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agreements.kiosk import EXIT_ATTEMPTS, KIOSK_ID
from agreements.models import Agreement, AgreementVersion, KioskSession, Method
from agreements.services.texts import agreement_translation_save, agreement_version_create
from schools.models import School
from tests.agreements.factories import DRAWN, class_in, kiosk_in
from tests.factories import TEST_PASSWORD
from tests.helpers.html import rendered_errors

pytestmark = pytest.mark.django_db

FAMILY = {
    "parent_name": "Farah Khan",
    "child_name": "Amira Khan",
    "email": "farah.khan@example.test",
    "how": "drawn",
    "signature": DRAWN,
    "agree": "on",
}


def url(name: str, kiosk: KioskSession, **query: str) -> str:
    address = reverse(
        f"agreements:{name}", kwargs={"school_slug": kiosk.school.slug, "kiosk_id": kiosk.public_id}
    )
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def start_url(school: School) -> str:
    return reverse("agreements:kiosk-start", kwargs={"school_slug": school.slug})


def home_url(school: School) -> str:
    return reverse("schools:home", kwargs={"school_slug": school.slug})


@pytest.fixture
def started(school: School, teacher: User, client_for: Callable[[User], Client]) -> Any:
    """A teacher's browser in kiosk mode: (client, kiosk)."""
    class_in(school)
    client = client_for(teacher)
    client.post(start_url(school), {"event": "Parents' evening, autumn term", "hours": "4"})
    return client, KioskSession.objects.for_school(school).get()


def form_of(client: Client, kiosk: KioskSession, **query: str) -> dict[str, str]:
    """The hidden fields of a clean form, as the page gives them."""
    html = client.get(url("kiosk", kiosk, **query)).content.decode()
    hidden = dict(
        re.findall(r'<input type="hidden" name="(key|language|version)" value="([^"]*)"', html)
    )
    return hidden


def sign(client: Client, kiosk: KioskSession, **changes: Any) -> Any:
    data = {**form_of(client, kiosk), **FAMILY, "school_class": class_in(kiosk.school).pk}
    data.update(changes)
    return client.post(url("kiosk", kiosk), data)


def test_the_start_form_suggests_this_terms_parents_evening(started: Any, school, head, client_for):
    page = client_for(head).get(start_url(school))

    assert page.status_code == 200
    # The apostrophe is escaped one way or another (&#x27; or &#39;): compare the text.
    assert re.search(
        r"Parents' evening, (autumn|spring|summer) term", html.unescape(page.content.decode())
    )


def test_starting_a_kiosk_locks_this_browser_to_it(school, teacher, client_for):
    client = client_for(teacher)

    response = client.post(start_url(school), {"event": "Parents' evening", "hours": "3"})

    kiosk = KioskSession.objects.for_school(school).get()
    assert response.status_code == 302
    assert response["Location"] == url("kiosk", kiosk)
    assert (kiosk.event, kiosk.started_by) == ("Parents' evening", teacher)
    hours = (kiosk.expires_at - timezone.now()).total_seconds() / 3600
    assert 2.9 < hours <= 3
    assert client.session[KIOSK_ID] == str(kiosk.public_id)
    # The year's round starts with the kiosk when it had not started yet.
    assert AgreementVersion.objects.for_school(school).count() == 1
    assert kiosk.history.first().history_user == teacher


def test_a_kiosk_runs_for_at_most_twelve_hours(school, teacher, client_for):
    response = client_for(teacher).post(start_url(school), {"event": "Evening", "hours": "13"})

    assert response.status_code == 200
    assert "Choose from 1 to 12 hours." in response.content.decode()
    assert not KioskSession.objects.for_school(school).exists()


def test_the_kiosk_shows_only_the_agreement_and_the_form(started):
    client, kiosk = started

    page = client.get(url("kiosk", kiosk))

    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Be respectful towards members of staff" in html
    assert 'aria-label="Main"' not in html  # no portal navigation
    assert "Sign out" not in html
    assert 'autocomplete="off"' in html
    assert "Staff: leave kiosk mode" in html


def test_each_clean_form_has_a_new_key(started):
    client, kiosk = started

    assert form_of(client, kiosk)["key"] != form_of(client, kiosk)["key"]


def test_signing_records_one_kiosk_agreement(started, school, teacher):
    client, kiosk = started

    response = sign(client, kiosk)

    assert response.status_code == 302
    assert response["Location"] == url("kiosk-thanks", kiosk)
    agreement = Agreement.objects.for_school(school).get()
    assert agreement.method == Method.KIOSK
    assert agreement.kiosk == kiosk
    assert agreement.recorded_by == teacher
    assert (agreement.parent_name, agreement.signature) == ("Farah Khan", DRAWN)


def test_a_double_tap_records_one_agreement_and_thanks_twice(started, school):
    client, kiosk = started
    data = {**form_of(client, kiosk), **FAMILY, "school_class": class_in(school).pk}

    first = client.post(url("kiosk", kiosk), data)
    second = client.post(url("kiosk", kiosk), data)
    by_script = client.post(url("kiosk", kiosk), data, headers={"Accept": "application/json"})

    assert first["Location"] == second["Location"] == url("kiosk-thanks", kiosk)
    assert by_script.json() == {"next": url("kiosk-thanks", kiosk)}
    assert Agreement.objects.for_school(school).count() == 1


def test_the_thank_you_page_says_nothing_about_the_family(started):
    client, kiosk = started

    page = client.get(sign(client, kiosk)["Location"])

    html = page.content.decode()
    assert "your agreement has been recorded" in html
    assert "no-store" in page["Cache-Control"]
    for entered in ("Farah", "Khan", "Amira", "farah.khan@example.test", DRAWN):
        assert entered not in html
    assert f'href="{url("kiosk", kiosk)}"' in html  # Next family


def test_the_next_familys_form_shows_nothing_the_last_one_entered(started):
    client, kiosk = started
    sign(client, kiosk, second_carer_name="Omar Khan", second_how="typed",
         second_typed_signature="Omar Khan")  # fmt: skip

    html = client.get(url("kiosk", kiosk)).content.decode()

    for entered in ("Farah", "Khan", "Amira", "Omar", "farah.khan@example.test", DRAWN):
        assert entered not in html
    assert " checked" not in html.split('name="agree"')[1].split(">")[0]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"signature": ""}, "how", "Sign in the box, or type your name instead."),
        (
            {"how": "typed", "typed_signature": "Someone Else"},
            "typed_signature",
            "Type the name exactly as above: Farah Khan.",
        ),
        ({"agree": ""}, "agree", "Tick the box to show you agree."),
    ],
    ids=["no signature", "typed name mismatch", "not agreed"],
)
def test_bad_input_is_shown_next_to_its_field_and_saves_nothing(
    started, school, changes, field, message
):
    client, kiosk = started

    response = sign(client, kiosk, **changes)

    html = response.content.decode()
    assert response.status_code == 200
    errors = rendered_errors(html, frozenset({"parent_name", "how"}))
    assert errors is not None
    assert field in errors.by_field
    assert message in html
    assert "There is a problem: nothing was saved" in html
    assert not Agreement.objects.for_school(school).exists()


def test_a_class_of_another_school_is_refused(started, school, other_school):
    client, kiosk = started

    response = sign(client, kiosk, school_class=class_in(other_school).pk)

    errors = rendered_errors(response.content.decode(), frozenset({"school_class"}))
    assert errors is not None
    assert "school_class" in errors.by_field
    assert not Agreement.objects.filter(school__in=[school, other_school]).exists()


def test_bad_input_sent_by_the_script_is_sent_again_plainly(started, school):
    client, kiosk = started
    data = {
        **form_of(client, kiosk),
        **FAMILY,
        "signature": "",
        "school_class": class_in(school).pk,
    }

    response = client.post(url("kiosk", kiosk), data, headers={"Accept": "application/json"})

    assert response.status_code == 400
    assert response.json() == {"invalid": True}
    assert not Agreement.objects.for_school(school).exists()


def test_a_text_changed_while_the_family_read_it_is_not_signed_unseen(started, school, head):
    client, kiosk = started
    data = {**form_of(client, kiosk), **FAMILY, "school_class": class_in(school).pk}
    version = AgreementVersion.objects.for_school(school).get()
    agreement_version_create(
        school=school, by=head, academic_year=version.academic_year, body="A new text."
    )

    response = client.post(url("kiosk", kiosk), data)

    assert response.status_code == 200
    assert "The agreement was updated while you were reading it" in response.content.decode()
    assert not Agreement.objects.for_school(school).exists()


def test_the_language_chosen_is_the_text_recorded(started, school, head):
    client, kiosk = started
    version = AgreementVersion.objects.for_school(school).get()
    agreement_translation_save(
        school=school,
        by=head,
        version=version,
        language="pl",
        language_name="Polski",
        title="Umowa dom-szkoła",
        body="Będziemy bezpiecznie korzystać z internetu.",
    )

    page = client.get(url("kiosk", kiosk, language="pl")).content.decode()
    response = client.post(
        url("kiosk", kiosk),
        {**form_of(client, kiosk, language="pl"), **FAMILY, "school_class": class_in(school).pk},
    )

    assert "Umowa dom-szkoła" in page
    assert 'lang="pl"' in page
    assert response.status_code == 302
    agreement = Agreement.objects.for_school(school).get()
    assert (agreement.language, agreement.language_name) == ("pl", "Polski")
    assert agreement.text_signed == "Będziemy bezpiecznie korzystać z internetu."


@pytest.mark.parametrize(
    "where",
    ["school home", "sign out", "another school", "admin", "kiosk start", "another kiosk"],
)
def test_in_kiosk_mode_nothing_else_can_be_reached(started, school, other_school, where):
    client, kiosk = started
    address = {
        "school home": home_url(school),
        "sign out": reverse("accounts:logout"),
        "another school": home_url(other_school),
        "admin": "/admin/",
        "kiosk start": start_url(school),
        "another kiosk": url("kiosk", kiosk_in(school)),
    }[where]

    for response in (client.get(address), client.post(address)):
        assert response.status_code == 302
        assert response["Location"] == url("kiosk", kiosk)
    assert client.session[KIOSK_ID] == str(kiosk.public_id)  # still signed in, still locked


def test_a_colleague_may_open_the_kiosk_without_being_locked_in(started, school, head, client_for):
    _, kiosk = started
    colleague = client_for(head)

    page = colleague.get(url("kiosk", kiosk))

    assert page.status_code == 200
    assert "This device is not locked to the kiosk" in page.content.decode()
    assert colleague.get(home_url(school)).status_code == 200


def test_another_schools_kiosk_is_not_found(school, other_school, teacher, outsider, client_for):
    theirs = kiosk_in(other_school, by=outsider)

    response = client_for(teacher).get(
        reverse(
            "agreements:kiosk", kwargs={"school_slug": school.slug, "kiosk_id": theirs.public_id}
        )
    )

    assert response.status_code == 404


def test_a_wrong_password_keeps_kiosk_mode(started, school):
    client, kiosk = started

    response = client.post(url("kiosk-exit", kiosk), {"password": "not-the-password"})

    assert response.status_code == 200
    assert "That is not the right password" in response.content.decode()
    kiosk.refresh_from_db()
    assert kiosk.ended_at is None
    assert client.get(home_url(school))["Location"] == url("kiosk", kiosk)


def test_the_starters_password_ends_the_kiosk(started, school, teacher):
    client, kiosk = started

    response = client.post(url("kiosk-exit", kiosk), {"password": TEST_PASSWORD})

    assert response["Location"] == home_url(school)
    kiosk.refresh_from_db()
    assert kiosk.ended_at is not None
    assert kiosk.ended_by == teacher
    assert KIOSK_ID not in client.session
    assert client.get(home_url(school)).status_code == 200
    assert "This kiosk has ended" in client.get(url("kiosk", kiosk)).content.decode()


def test_too_many_wrong_passwords_lock_the_exit_for_a_while(started):
    client, kiosk = started
    for _ in range(EXIT_ATTEMPTS):
        client.post(url("kiosk-exit", kiosk), {"password": "guess"})

    response = client.post(url("kiosk-exit", kiosk), {"password": TEST_PASSWORD})

    assert "Too many wrong passwords" in response.content.decode()
    kiosk.refresh_from_db()
    assert kiosk.ended_at is None


def _expire(kiosk: KioskSession) -> None:
    kiosk.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    kiosk.save()


def test_an_expired_kiosk_says_so_and_signs_the_browser_out(started, school):
    client, kiosk = started
    _expire(kiosk)

    page = client.get(url("kiosk", kiosk))

    assert "This kiosk has ended: ask a member of staff" in page.content.decode()
    after = client.get(home_url(school))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("accounts:login"))


def test_an_expired_kiosk_accepts_no_signature(started, school):
    client, kiosk = started
    data = {**form_of(client, kiosk), **FAMILY, "school_class": class_in(school).pk}
    _expire(kiosk)

    by_script = client.post(url("kiosk", kiosk), data, headers={"Accept": "application/json"})
    plain = client.post(url("kiosk", kiosk), data)

    assert by_script.status_code == 409
    assert by_script.json() == {"next": url("kiosk", kiosk)}
    assert "This kiosk has ended" in plain.content.decode()
    assert not Agreement.objects.for_school(school).exists()


def test_a_kiosk_without_this_years_text_asks_for_staff(school, teacher, client_for):
    kiosk = kiosk_in(school, by=teacher)  # no version made for the year

    page = client_for(teacher).get(url("kiosk", kiosk))

    assert page.status_code == 200
    assert "not ready yet: ask a member of staff" in page.content.decode()
    assert 'name="parent_name"' not in page.content.decode()
