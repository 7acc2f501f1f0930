"""The headteacher's settings page (schools:settings, /<school_slug>/settings/)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools.configuration import school_settings
from schools.forms import SettingsForm, add_service_errors
from schools.models import ReviewRoute, School, SocialNetwork, TrainingRequirement, training_rules
from schools.roles import Module, RecordKind, Role, TrainingKind
from schools.services import review_routes_set
from tests.helpers.dbstate import snapshot
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.schools.factories import network_in, reference_lists_in

URL = reverse("schools:settings", kwargs={"school_slug": "oakfield"})


@pytest.fixture
def configured(school: School) -> School:
    """Oakfield with reviewers for every kind and its own reference lists."""
    for kind in RecordKind:
        review_routes_set(school=school, kind=kind, roles=[Role.HEADTEACHER])
    reference_lists_in(school)
    return school


def form_data(school: School, **changes: object) -> dict[str, object]:
    """What the page posts when the headteacher changes nothing but ``changes``."""
    data: dict[str, object] = {
        "modules": list(school.enabled_modules),
        "reminder_overdue_days": school.reminder_overdue_days,
        "filtering_provider": school.filtering_provider,
        "blocking_note": school.blocking_note,
        "blocked_networks": [
            str(n.public_id) for n in SocialNetwork.objects.for_school(school).filter(blocked=True)
        ],
        "training_safeguarding_induction": "once",
        "training_social_media_policy": "12",
        "training_esafety_briefing": "12",
    }
    for kind in RecordKind:
        data[f"reviewers_{kind}"] = [
            route.role for route in ReviewRoute.objects.for_school(school).filter(kind=kind)
        ]
    if school.blocks_all_social_media:
        data["blocks_all_social_media"] = "on"
    data.update(changes)
    return data


def reviewers(school: School, kind: RecordKind) -> set[str]:
    return set(
        ReviewRoute.objects.for_school(school).filter(kind=kind).values_list("role", flat=True)
    )


def test_only_the_headteacher_may_open_it(configured):
    assert_outsider_404_member_403("schools:settings", school=configured, roles={Role.HEADTEACHER})


def test_shows_the_current_settings(configured, head, client_for):
    review_routes_set(school=configured, kind=RecordKind.INCIDENT, roles=[Role.DSL, Role.ESAFETY])

    page = client_for(head).get(URL).text

    assert '<h1 class="h2">School settings</h1>' in page
    assert 'name="reviewers_incident" value="dsl"  id="id_reviewers_incident_1" checked' in page
    assert 'name="reviewers_incident" value="headteacher"  id="id_reviewers_incident_0">' in page
    assert 'name="reminder_overdue_days" value="5"' in page
    assert ">Every year</option>" in page


def test_changing_who_reviews_and_a_threshold_saves_and_says_what_changed(
    configured, head, client_for
):
    client = client_for(head)
    data = form_data(
        configured,
        reviewers_access_request=["headteacher", "esafety"],
        reminder_overdue_days="7",
        training_esafety_briefing="24",
    )

    response = client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == URL
    configured.refresh_from_db()
    assert configured.reminder_overdue_days == 7
    assert reviewers(configured, RecordKind.ACCESS_REQUEST) == {"headteacher", "esafety"}
    assert training_rules(configured)[TrainingKind.ESAFETY_BRIEFING].refresh_months == 24
    summary = client.get(URL).text
    assert "Your settings are saved. What changed:" in summary
    assert (
        "<li>Blocked-content access requests are now reviewed by: Headteacher, "
        "E-safety team member (before: Headteacher).</li>"
    ) in summary
    assert "<li>Reminders mark what has waited 7 days as overdue (before: 5).</li>" in summary
    assert "<li>E-safety briefing or training: Every 2 years (before: Every year).</li>" in summary
    # The summary is shown once.
    assert "What changed" not in client.get(URL).text


def test_every_change_is_in_history_with_the_headteacher(configured, head, client_for):
    client_for(head).post(
        URL, form_data(configured, reviewers_incident=["dsl"], reminder_overdue_days="9")
    )

    school_change = configured.history.latest()
    assert school_change.reminder_overdue_days == 9
    assert school_change.history_user == head
    added = ReviewRoute.history.filter(kind=RecordKind.INCIDENT, role=Role.DSL).latest()
    removed = ReviewRoute.history.filter(kind=RecordKind.INCIDENT, role=Role.HEADTEACHER).latest()
    assert (added.history_type, added.history_user) == ("+", head)
    assert (removed.history_type, removed.history_user) == ("-", head)


def test_saving_without_changes_says_so(configured, head, client_for):
    client = client_for(head)

    client.post(URL, form_data(configured))

    assert "Your settings are saved. Nothing had changed." in client.get(URL).text
    assert not TrainingRequirement.objects.for_school(configured).exists()


def test_modules_switched_off_and_on(configured, head, client_for):
    client = client_for(head)
    modules = [m for m in configured.enabled_modules if m != Module.AGREEMENTS]

    client.post(URL, form_data(configured, modules=modules))

    configured.refresh_from_db()
    assert not configured.has_module(Module.AGREEMENTS)
    assert "<li>Home-school agreements: switched off.</li>" in client.get(URL).text


def test_the_blocked_services_list(configured, head, client_for):
    tiktok, instagram = network_in(configured, "tiktok"), network_in(configured, "instagram")
    client = client_for(head)

    client.post(
        URL,
        form_data(
            configured,
            blocked_networks=[str(tiktok.public_id), str(instagram.public_id)],
            filtering_provider="London Grid for Learning (LGfL)",
        ),
    )

    blocked = SocialNetwork.objects.for_school(configured).filter(blocked=True)
    assert {n.name for n in blocked} == {"TikTok", "Instagram"}
    summary = client.get(URL).text
    assert "<li>Now listed as blocked: Instagram, TikTok.</li>" in summary
    assert "<li>Filtering managed by: London Grid for Learning (LGfL).</li>" in summary


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"reviewers_complaint": []},
            "reviewers_complaint",
            "Choose at least one role to review complaints.",
        ),
        (
            {"modules": ["incidents", "timetables"]},
            "modules",
            "Select a valid choice. timetables is not one of the available choices.",
        ),
        (
            {"reminder_overdue_days": "91"},
            "reminder_overdue_days",
            "Ensure this value is less than or equal to 90.",
        ),
        (
            {"reminder_overdue_days": "0"},
            "reminder_overdue_days",
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            {"training_esafety_briefing": "7"},
            "training_esafety_briefing",
            "Select a valid choice. 7 is not one of the available choices.",
        ),
        (
            {"filtering_provider": "LGfL\u202e evil"},
            "filtering_provider",
            "Remove the invisible or control characters from this text.",
        ),
        (
            {"blocking_note": "x" * 501},
            "blocking_note",
            "Ensure this value has at most 500 characters (it has 501).",
        ),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_saved(
    configured, head, client_for, changes, field, message
):
    before = snapshot()
    data = form_data(configured, reviewers_incident=["dsl"], reminder_overdue_days="8")
    data.update(changes)

    response = client_for(head).post(URL, data)

    assert response.status_code == 200
    assert f'id="error_1_id_{field}"><strong>{message}</strong>' in response.text
    assert "Nothing was saved: please correct what is marked below." in response.text
    assert before.changes(snapshot()) == {}


def test_another_schools_network_cannot_be_listed_as_blocked(
    configured, other_school, head, client_for
):
    theirs = network_in(other_school, "tiktok")
    before = snapshot()

    response = client_for(head).post(
        URL, form_data(configured, blocked_networks=[str(theirs.public_id)])
    )

    assert "Choose from the school&#x27;s own list of social networks." in response.text
    assert before.changes(snapshot()) == {}
    assert not SocialNetwork.objects.for_school(other_school).filter(blocked=True).exists()


def test_hostile_text_is_shown_escaped(configured, head, client_for):
    client = client_for(head)

    client.post(URL, form_data(configured, blocking_note="<script>alert(1)</script>"))

    page = client_for(head).get(reverse("schools:contacts", kwargs={"school_slug": "oakfield"}))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text


def test_a_services_refusal_naming_no_field_of_the_form_is_shown_for_the_whole_form(school):
    form = SettingsForm(data={}, school=school, current=school_settings(school))
    form.is_valid()

    add_service_errors(
        form, ValidationError({"slug": "Taken.", "reminder_overdue_days": "Too many."})
    )
    add_service_errors(form, ValidationError("Someone else changed the settings."))

    assert "Too many." in form.errors["reminder_overdue_days"]
    assert form.non_field_errors() == ["Taken.", "Someone else changed the settings."]
