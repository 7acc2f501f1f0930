"""The agreement text pages: the versions, a new version, one version, its translations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agreements.models import AgreementTranslation, AgreementVersion
from agreements.services.texts import (
    agreement_translation_save,
    agreement_version_create,
    current_version,
)
from agreements.text import default_body
from schools.calendar import current_academic_year
from schools.roles import Role
from tests.agreements.factories import version_in
from tests.factories import member
from tests.helpers.querycount import assert_queries_constant

pytestmark = pytest.mark.django_db


def url(name: str, slug: str = "oakfield", **kwargs: object) -> str:
    return reverse(f"agreements:{name}", kwargs={"school_slug": slug, **kwargs})


def versions(school) -> list[AgreementVersion]:
    return list(AgreementVersion.objects.for_school(school).order_by("academic_year", "number"))


def test_the_list_offers_to_start_the_round_and_starting_it_makes_version_1(
    school, head, client_for
):
    client = client_for(head)
    page = client.get(url("texts")).content.decode()
    year = current_academic_year(school)
    assert f"Start the {year.label} round" in page

    response = client.post(url("texts"))

    assert response.status_code == 302
    [version] = versions(school)
    assert (version.academic_year, version.number, version.material) == (year.year, 1, True)
    assert version.body == default_body()
    page = client.get(url("texts")).content.decode()
    assert "Version 1" in page
    assert "Start the" not in page


def test_starting_a_round_twice_makes_one_version(school, head, client_for):
    client = client_for(head)
    client.post(url("texts"))
    client.post(url("texts"))
    assert len(versions(school)) == 1


def test_the_list_shows_earlier_years(school, head, client_for):
    year = current_academic_year(school).year
    version_in(school, year - 1)
    version_in(school, year)
    page = client_for(head).get(url("texts")).content.decode()
    assert f"Academic year {year - 1} to {year}" in page
    assert f"Academic year {year} to {year + 1} (this year)" in page


def test_a_new_version_starts_from_the_current_text(school, head, client_for):
    version_in(school)
    page = client_for(head).get(url("text-new")).content.decode()
    assert "Be respectful towards members of staff" in page
    assert "Material change: families sign again" in page


def _new(client, **fields: object):
    data: dict[str, object] = {
        "title": "Agreement",
        "body": "A new rule.",
        "change_note": "Added a rule.",
    }
    data.update({k: v for k, v in fields.items() if v is not None})
    return client.post(url("text-new"), data)


def test_a_material_version_is_saved_with_who_and_what_changed(school, head, client_for):
    version_in(school)
    response = _new(client_for(head), material="on", body=default_body() + "\n\n- No gaming sites")

    new = current_version(school)
    assert response.status_code == 302
    assert response["Location"] == url("text", version_id=new.public_id)
    assert (new.number, new.material, new.change_note) == (2, True, "Added a rule.")
    assert new.created_by == head
    assert new.body.endswith("- No gaming sites")


def test_a_correction_is_not_material(school, head, client_for):
    version_in(school)
    _new(client_for(head), body=default_body().replace("Facebook", "FaceBook", 1))
    assert current_version(school).material is False


def test_a_new_version_needs_what_changed_and_a_change(school, head, client_for):
    first = version_in(school)
    client = client_for(head)

    no_note = _new(client, change_note="")
    same = _new(client, title=first.title, body=first.body)

    assert "Say in one line what changed in this version." in no_note.content.decode()
    assert "This is the same as the current version" in same.content.decode()
    assert versions(school) == [first]


def test_a_version_page_lays_the_text_out_with_its_translations(school, head, client_for):
    version = version_in(school)
    agreement_translation_save(
        school=school,
        by=head,
        version=version,
        language="pl",
        language_name="Polski",
        title="Umowa",
        body="Będę szanować pracowników szkoły.\n\n- Punkt pierwszy",
    )
    page = client_for(head).get(url("text", version_id=version.public_id)).content.decode()
    assert "<li>Our official Facebook page</li>" in page
    assert "Będę szanować pracowników szkoły." in page
    assert "<li>Punkt pierwszy</li>" in page
    assert 'lang="pl"' in page


def _translate(client, version, **fields: str):
    data = {"language": "pl", "language_name": "Polski", "title": "Umowa", "body": "Tekst."}
    data.update(fields)
    return client.post(url("translation-add", version_id=version.public_id), data)


def test_a_translation_is_added_and_replacing_it_keeps_the_history(school, head, client_for):
    version = version_in(school)
    client = client_for(head)

    _translate(client, version, language="PT-BR", language_name="Português")
    response = _translate(client, version, language="pt-br", body="Texto novo.")

    assert response.status_code == 302
    [translation] = AgreementTranslation.objects.for_school(school)
    assert (translation.language, translation.body) == ("pt-br", "Texto novo.")
    assert translation.history.count() == 2


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("en", "English is the version&#x27;s own text"),
        ("en-gb", "English is the version&#x27;s own text"),
        ("polish", "Enter a code of two or three letters"),
        ("p", "Enter a code of two or three letters"),
        ("pl_PL_x", "Enter a code of two or three letters"),
        ("", "Enter the language&#x27;s code"),
    ],
)
def test_a_bad_language_code_is_refused(school, head, client_for, code, message):
    version = version_in(school)
    response = _translate(client_for(head), version, language=code)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AgreementTranslation.objects.for_school(school).exists()


def test_another_schools_version_is_not_found(school, other_school, head, client_for):
    member(other_school, Role.HEADTEACHER, email="head@riverside.test")
    theirs = version_in(other_school)
    client = client_for(head)
    assert client.get(url("text", version_id=theirs.public_id)).status_code == 404
    response = _translate(client, theirs)
    assert response.status_code == 404
    assert not AgreementTranslation.objects.for_school(other_school).exists()


def test_a_teacher_may_not_manage_the_text(school, head, teacher, client_for):
    assert client_for(teacher).get(url("texts")).status_code == 403


def test_the_list_costs_the_same_queries_for_many_versions(school, head, client_for):
    client = client_for(head)
    year = current_academic_year(school).year
    version_in(school, year)

    def add_versions(n: int) -> None:
        for number in range(n):
            version = agreement_version_create(
                school=school, by=head, academic_year=year, body=f"Text {number}.", change_note="x"
            )
            agreement_translation_save(
                school=school,
                by=head,
                version=version,
                language="pl",
                language_name="Polski",
                title="Umowa",
                body="Tekst.",
            )

    assert_queries_constant(lambda: client.get(url("texts")), add_versions)
