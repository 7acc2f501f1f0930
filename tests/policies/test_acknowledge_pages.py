"""Staff acknowledge the policy in force; the headteacher sees who has and who has not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policies.models import PolicyAcknowledgement
from policies.services import policy_acknowledge, policy_draft_start, policy_publish
from schools.roles import Role
from tests.factories import member
from tests.helpers.isolation import assert_outsider_404_member_403

ACKNOWLEDGE = reverse("policies:acknowledge", kwargs={"school_slug": "oakfield"})
COVERAGE = reverse("policies:coverage", kwargs={"school_slug": "oakfield"})
BUTTON = "I have read and understood the policy"


def acks(school, user) -> list[int]:
    return list(
        PolicyAcknowledgement.objects.for_school(school)
        .filter(user=user)
        .order_by("version__number")
        .values_list("version__number", flat=True)
    )


def republish(school, head, *, material: bool):
    draft = policy_draft_start(school=school, by=head)
    return policy_publish(
        version=draft, by=head, material_change=material, change_summary="Clearer rules."
    )


class TestAcknowledgePage:
    def test_any_member_reads_it(self, school, version_one):
        assert_outsider_404_member_403("policies:acknowledge", school=school, methods=["GET"])

    def test_only_staff_acknowledge(self, client_for, school, governor, version_one):
        response = client_for(governor).post(ACKNOWLEDGE, {"version": "1"})

        assert response.status_code == 403
        assert acks(school, governor) == []

    def test_a_governor_reads_it_without_being_asked_to_acknowledge(
        self, client_for, governor, version_one
    ):
        page = client_for(governor).get(ACKNOWLEDGE).text

        assert "Governors and network managers are not asked to acknowledge the policy" in page
        assert "Read version 1 of the policy" in page
        assert BUTTON not in page

    def test_someone_who_has_not_acknowledged_is_asked_to(self, client_for, teacher, version_one):
        page = client_for(teacher).get(ACKNOWLEDGE).text

        assert "You have not acknowledged the policy yet." in page
        assert "Read version 1 of the policy" in page
        assert reverse("policies:version", kwargs={"school_slug": "oakfield", "number": 1}) in page
        assert BUTTON in page
        assert 'name="version" value="1"' in page

    def test_acknowledging_records_the_version_and_thanks_them(
        self, client_for, teacher, school, version_one
    ):
        response = client_for(teacher).post(ACKNOWLEDGE, {"version": "1"}, follow=True)

        assert acks(school, teacher) == [1]
        assert "Thank you: you have acknowledged version 1 of the policy." in response.text
        assert "You have acknowledged the policy: version 1" in response.text
        assert BUTTON not in response.text

    def test_after_a_material_change_they_must_acknowledge_again(
        self, client_for, teacher, school, head, version_one
    ):
        policy_acknowledge(version=version_one, user=teacher)
        republish(school, head, material=True)

        page = client_for(teacher).get(ACKNOWLEDGE).text

        assert "It has changed materially since you acknowledged version 1" in page
        assert "What changed: Clearer rules." in page
        assert 'name="version" value="2"' in page

    def test_after_a_minor_change_they_are_still_up_to_date(
        self, client_for, teacher, school, head, version_one
    ):
        policy_acknowledge(version=version_one, user=teacher)
        republish(school, head, material=False)

        page = client_for(teacher).get(ACKNOWLEDGE).text

        assert "You have acknowledged the policy: version 1" in page
        assert BUTTON not in page

    def test_acknowledging_a_version_no_longer_in_force_is_refused(
        self, client_for, teacher, school, head, version_one
    ):
        republish(school, head, material=True)

        response = client_for(teacher).post(ACKNOWLEDGE, {"version": "1"}, follow=True)

        assert "Version 1 is no longer in force: read version 2 and acknowledge that." in (
            response.text
        )
        assert acks(school, teacher) == []

    @pytest.mark.parametrize("version", ["", "x", "0", "7", "99999999999"])
    def test_bad_input_is_refused_with_a_message(
        self, client_for, teacher, school, version_one, version
    ):
        response = client_for(teacher).post(ACKNOWLEDGE, {"version": version}, follow=True)

        assert "That is not a version of the policy: read the one below." in response.text
        assert acks(school, teacher) == []

    def test_without_a_policy_there_is_nothing_to_acknowledge(self, client_for, teacher):
        page = client_for(teacher).get(ACKNOWLEDGE).text

        assert "there is nothing to read or acknowledge" in page
        assert BUTTON not in page


class TestCoverage:
    def test_headteacher_only(self, school, version_one):
        assert_outsider_404_member_403("policies:coverage", school=school, roles={Role.HEADTEACHER})

    def test_who_has_and_who_has_not_with_counts(
        self, client_for, head, dsl, teacher, governor, school, version_one
    ):
        policy_acknowledge(version=version_one, user=head)
        policy_acknowledge(version=version_one, user=dsl)

        page = client_for(head).get(COVERAGE).text

        assert "2 of 3 staff have acknowledged the policy; 1 has not." in page
        waiting, done = page.split("Acknowledged (2)")
        assert "Tara Thompson" in waiting
        assert "Teacher" in waiting
        assert "Has not acknowledged any version" in waiting
        assert "Helen Hughes" in done
        assert "Dan Douglas" in done
        assert "Designated safeguarding lead" in done
        assert "Version 1, on" in done
        assert "Gina Gould" not in page  # governors are not asked

    def test_after_a_material_change_earlier_acknowledgements_are_not_enough(
        self, client_for, head, teacher, school, version_one
    ):
        policy_acknowledge(version=version_one, user=teacher)
        republish(school, head, material=True)

        page = client_for(head).get(COVERAGE).text

        assert "0 of 2 staff have acknowledged the policy; 2 have not." in page
        assert "Last acknowledged version 1" in page
        assert "must acknowledge again" in page

    def test_a_person_with_two_staff_roles_is_listed_once(
        self, client_for, head, school, version_one
    ):
        member(school, Role.TEACHER, Role.ESAFETY, full_name="Erin Evans")

        page = client_for(head).get(COVERAGE).text

        assert page.count("Erin Evans") == 1
        assert "E-safety team member, Teacher" in page


def test_the_headteacher_finds_the_management_pages_here(client_for, head, teacher, version_one):
    head_page = client_for(head).get(ACKNOWLEDGE).text
    teacher_page = client_for(teacher).get(ACKNOWLEDGE).text

    manage = reverse("policies:manage", kwargs={"school_slug": "oakfield"})
    assert manage in head_page
    assert COVERAGE in head_page
    assert manage not in teacher_page
