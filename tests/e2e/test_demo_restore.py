"""Each journey starts from the demo exactly, whatever the journey before it did.

No browser: these check the copy ``demo_restored`` (conftest.py) puts back
before each journey, against what the load left (counted, digested and read
from the sequences right after ``load_demo``, before the copy was made).
"""

from __future__ import annotations

from pathlib import Path

from django.db import connection

from accounts.models import User
from incidents.models import EvidenceFile
from notifications.models import Notification
from notifications.services import notify
from schools.models import School
from schools.roles import Role
from tests.factories import member
from tests.helpers.db_snapshot import DatabaseSnapshot, fingerprint


def a_journeys_writes() -> int:
    """New rows in several tables, a demo row changed, another gone; the new user's id."""
    school = School.objects.get(slug="chestnuts")
    head = User.objects.get(email="head@chestnuts.example")
    newcomer = member(
        school, Role.TEACHER, email="new.teacher@chestnuts.example", full_name="Nia Newcomer"
    )
    notify(school=school, users=[head], kind="jobs.finished", title="Yours", url="/chestnuts/")
    school.name = "Renamed Primary School"
    school.save()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Notification._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE id = (SELECT MIN(id) FROM {table})")  # noqa: S608
    return newcomer.pk


def test_restoring_undoes_a_journey_to_the_last_row_and_sequence(
    demo_restored: DatabaseSnapshot,
) -> None:
    loaded = demo_restored.fingerprint
    assert loaded.changes(fingerprint()) == []
    assert loaded.rows["schools_school"] == 2

    first_id = a_journeys_writes()
    changed = "\n".join(loaded.changes(fingerprint()))
    for table in ("accounts_user", "schools_membership", "schools_school"):
        assert f"table {table}:" in changed
    assert "table notifications_notification:" in changed

    demo_restored.restore()
    assert loaded.changes(fingerprint()) == []
    assert School.objects.get(slug="chestnuts").name == "Chestnuts Primary School"
    assert not User.objects.filter(email="new.teacher@chestnuts.example").exists()

    # Numbering goes on from where the load left it, every time.
    assert a_journeys_writes() == first_id
    demo_restored.restore()
    assert loaded.changes(fingerprint()) == []


def test_restoring_puts_back_the_files_the_demo_points_to(
    demo_restored: DatabaseSnapshot,
) -> None:
    evidence = list(EvidenceFile.objects.for_school(School.objects.get(slug="chestnuts")))
    assert evidence, "the demo's incident has a screen print"
    path = Path(evidence[0].file.path)
    original = path.read_bytes()

    path.write_bytes(b"not a screen print")
    demo_restored.restore()
    assert path.read_bytes() == original

    path.unlink()
    demo_restored.restore()
    assert path.read_bytes() == original


def test_after_a_journey_the_database_is_as_the_journeys_found_it(
    demo_restored: DatabaseSnapshot, database_as_found: DatabaseSnapshot
) -> None:
    a_journeys_writes()

    database_as_found.restore()  # what the fixture does when a journey ends

    assert database_as_found.fingerprint.changes(fingerprint()) == []
    assert not School.objects.exists()
    assert not User.objects.exists()
