"""The signing service: one agreement per form, the exact text kept, the roster matched."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, Match, Method
from agreements.services.signing import Signer, agreement_sign, name_key
from agreements.services.texts import agreement_translation_save, agreement_version_create
from agreements.signature import clean_drawn_signature
from agreements.text import default_body
from tests.agreements.factories import DRAWN, child_in, class_in, signed_in, version_in

pytestmark = pytest.mark.django_db


def test_the_first_version_of_a_year_is_appendix_3(school, head):
    version = version_in(school)

    assert version.number == 1
    assert version.material
    assert version.body == default_body()
    assert "Be respectful towards members of staff" in version.body


def test_the_same_key_twice_makes_one_agreement(school, head, teacher):
    version = version_in(school)
    signer = Signer(
        parent_name="Farah Khan",
        child_name="Amira Khan",
        school_class=class_in(school),
        signature_kind="drawn",
        signature=DRAWN,
    )
    key = uuid.uuid4()

    first, made = agreement_sign(
        school=school, key=key, version=version, signer=signer, method=Method.KIOSK
    )
    again, made_again = agreement_sign(
        school=school, key=key, version=version, signer=signer, method=Method.KIOSK
    )

    assert (made, made_again) == (True, False)
    assert again.pk == first.pk
    assert Agreement.objects.for_school(school).count() == 1


def test_the_record_keeps_the_text_signed_even_after_a_new_version(school, head, teacher):
    agreement = signed_in(school)
    agreement_version_create(
        school=school,
        by=head,
        academic_year=agreement.academic_year,
        body="A new text.",
        material=True,
    )

    agreement.refresh_from_db()
    assert agreement.text_signed == default_body()
    assert agreement.version.number == 1


def test_a_translation_is_signed_in_its_language(school, head, teacher):
    version = version_in(school)
    agreement_translation_save(
        school=school,
        by=head,
        version=version,
        language="pl",
        language_name="Polski",
        title="Umowa",
        body="Będę szanować pracowników szkoły.",
    )

    agreement = signed_in(school, version=version, language="pl")

    assert (agreement.language, agreement.language_name) == ("pl", "Polski")
    assert agreement.text_signed == "Będę szanować pracowników szkoły."


def test_a_child_on_the_roster_is_matched_whatever_the_accents_and_case(school, head, teacher):
    oak = class_in(school)
    child = child_in(school, "Zoë", "O'Brien", school_class=oak)

    matched = signed_in(school, child_name="  zoe  o brien ", school_class=oak)
    unmatched = signed_in(school, child_name="Zoe Smith", school_class=oak)

    assert (matched.child, matched.match) == (child, Match.MATCHED)
    assert (unmatched.child, unmatched.match) == (None, Match.UNMATCHED)
    assert name_key("Zoë  O'Brien") == "zoe o brien"


@pytest.mark.parametrize(
    "path",
    ["", "M 1 1", "<script>", "M 1 1 L 2 2 Z", "M 900 1 L 2 2 L 3 3", "L 1 1 L 2 2 L 3 3"],
)
def test_a_drawn_signature_must_be_the_pads_own_path(path):
    with pytest.raises(ValidationError):
        clean_drawn_signature(path)


def test_a_drawn_signature_is_kept_as_points():
    assert clean_drawn_signature(f"  {DRAWN} ") == DRAWN
