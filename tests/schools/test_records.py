"""``schools.records.validate_record``: Django's validation, without a query for a row in hand."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from schools.models import School, SchoolClass, YearGroup
from schools.records import rows_in_hand, save_as, validate_record
from tests.governance.factories import complaint_in


def a_class(school: School, name: str = "Oak") -> SchoolClass:
    return SchoolClass(school=school, name=name, year_group=YearGroup.YEAR_3)


def test_a_school_in_hand_is_not_read_again(school: School) -> None:
    record = a_class(school)

    assert rows_in_hand(record) == ["school"]
    with CaptureQueriesContext(connection) as queries:
        validate_record(record)
    # Only the name unique in the school is asked of the database.
    assert len(queries) == 1
    assert 'FROM "schools_schoolclass"' in queries[0]["sql"]


def test_a_key_given_as_a_bare_id_is_still_checked(school: School) -> None:
    record = SchoolClass(school_id=school.pk + 1000, name="Oak", year_group=YearGroup.YEAR_3)

    assert rows_in_hand(record) == []
    with pytest.raises(ValidationError) as raised:
        validate_record(record)
    assert "school" in raised.value.message_dict


def test_a_row_not_yet_saved_is_not_in_hand() -> None:
    unsaved = School(slug="nowhere", name="Nowhere Primary")

    assert rows_in_hand(a_class(unsaved)) == []


def test_a_name_taken_in_the_school_is_still_refused_with_a_message(
    school: School, head: User
) -> None:
    save_as(a_class(school), head)

    with pytest.raises(ValidationError) as raised:
        save_as(a_class(school), head)

    (message,) = raised.value.messages
    assert "already exists" in message
    assert SchoolClass.objects.for_school(school).filter(name="Oak").count() == 1


def test_field_errors_and_constraints_are_reported_together(school: School, head: User) -> None:
    save_as(a_class(school), head)
    record = a_class(school)
    record.year_group = "not a year"

    with pytest.raises(ValidationError) as raised:
        validate_record(record)

    errors = raised.value.message_dict
    assert "year_group" in errors
    assert any("already exists" in message for message in errors.get("__all__", []))


def test_a_settled_field_is_not_asked_of_the_database_again(school: School) -> None:
    record = a_class(school)

    with CaptureQueriesContext(connection) as queries:
        validate_record(record, settled=["name"])

    assert len(queries) == 0


def test_a_settled_fields_value_is_still_validated(school: School) -> None:
    record = a_class(school, name="")

    with pytest.raises(ValidationError) as refused:
        validate_record(record, settled=["name"])

    assert "name" in refused.value.message_dict


def test_a_numbered_record_asks_only_once_for_its_number(school: School, head: User) -> None:
    """``next_number`` reads the top number holding the school's row locked; validation
    does not ask again whether the number is taken."""
    with CaptureQueriesContext(connection) as queries:
        complaint = complaint_in(school, by=head)

    sql = [q["sql"] for q in queries]
    assert sum('MAX("governance_complaint"."number")' in q for q in sql) == 1
    assert not [q for q in sql if '"governance_complaint"."number" =' in q]
    assert complaint.number == 1
