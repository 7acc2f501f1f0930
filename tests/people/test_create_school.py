"""The platform administrator creates a school and invites its first headteacher."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from people.models import Invitation
from schools.access import roles_of
from schools.models import School
from schools.roles import Role
from tests.factories import UserFactory
from tests.people.helpers import NEW_PASSWORD, emailed_link, sent_mail, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db) -> User:
    return UserFactory(is_staff=True, is_superuser=True, full_name="Pat Platform")


def test_the_admin_add_form_creates_the_school_and_invites_its_head(
    client_for, platform_admin, django_capture_on_commit_callbacks
):
    client = client_for(platform_admin)
    page = client.get(reverse("admin:schools_school_add"))
    assert "Headteacher’s email address" in text(page) or "Headteacher's email address" in text(
        page
    )
    data = {
        "slug": "elmtree",
        "name": "Elm Tree Primary School",
        "time_zone": "Europe/London",
        "academic_year_start_month": 9,
        "academic_year_start_day": 1,
        "overall_responsibility": "headteacher",
        "enabled_modules": "[]",
        "reminder_overdue_days": 5,
        "head_name": "Ellen Elm",
        "head_email": "ellen@elmtree.test",
        **_empty_inlines(page),
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:schools_school_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    school = School.objects.get(slug="elmtree")
    invitation = Invitation.objects.for_school(school).get()
    assert invitation.roles == ["headteacher"]
    assert invitation.invited_by == platform_admin
    assert invitation.history.get().history_user == platform_admin
    (message,) = sent_mail()
    assert "Pat Platform has invited you" in message.body


@pytest.mark.parametrize(
    ("head_name", "head_email", "field"),
    [
        ("", "ellen@elmtree.test", "head_name"),
        ("Ellen Elm", "", "head_email"),
        ("Ellen Elm", "nope", "head_email"),
    ],
)
def test_the_admin_add_form_needs_the_heads_name_and_a_valid_email_together(
    client_for, platform_admin, head_name, head_email, field
):
    client = client_for(platform_admin)
    page = client.get(reverse("admin:schools_school_add"))
    data = {
        "slug": "elmtree",
        "name": "Elm Tree",
        "time_zone": "Europe/London",
        "head_name": head_name,
        "head_email": head_email,
        **_empty_inlines(page),
    }

    response = client.post(reverse("admin:schools_school_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors
    assert not School.objects.filter(slug="elmtree").exists()


def _empty_inlines(page) -> dict[str, str]:
    """The management forms of the page's inlines (no rows in them)."""
    data = {}
    for name in re.findall(r'name="([^"]+-(?:TOTAL|INITIAL)_FORMS)"', page.content.decode()):
        data[name] = "0"
    return data


def test_the_command_creates_the_school_and_prints_a_working_link(
    db, django_capture_on_commit_callbacks
):
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_school",
            name="Ash Grove Primary School",
            slug="ash-grove",
            head_email="Amir@AshGrove.test",
            head_name="Amir Ash",
            stdout=out,
        )

    school = School.objects.get(slug="ash-grove")
    invitation = Invitation.objects.for_school(school).get()
    assert invitation.email == "amir@ashgrove.test"
    assert invitation.invited_by is None
    assert invitation.history.get().history_change_reason == "create_school"
    printed = re.search(r"https?://\S+/invitations/\S+/", out.getvalue())
    assert printed
    link = "/" + printed.group(0).split("/", 3)[3]
    assert emailed_link("amir@ashgrove.test") == link
    visitor = Client()
    visitor.post(
        link,
        {"full_name": "Amir Ash", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    amir = User.objects.get(email="amir@ashgrove.test")
    assert roles_of(amir, school) == {Role.HEADTEACHER}


def test_the_command_refuses_a_slug_in_use(school):
    with pytest.raises(CommandError, match="already has the address"):
        call_command(
            "create_school", name="X", slug="oakfield", head_email="x@x.test", head_name="X"
        )
