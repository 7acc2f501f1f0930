from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from policies.importer import parse_policy_file
from policies.parsing import PolicyImportError
from policies.services import PolicyError, policy_import_draft
from schools.access import roles_of
from schools.models import School
from schools.records import changes_recorded_as
from schools.roles import Role


class Command(BaseCommand):
    help = "Import a policy document (plain text or .docx) as a school's new draft."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("school_slug")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as",
            dest="acting",
            metavar="EMAIL",
            help="the school's headteacher importing it, named in the draft's history "
            "(without it, the history names no person, only this command)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school_slug"]).first()
        if school is None:
            raise CommandError(f"There is no school “{options['school_slug']}”.")
        by = _acting(school, options["acting"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            parsed = parse_policy_file(path.name, data)
            with changes_recorded_as("import_policy"):
                version = policy_import_draft(school=school, parsed=parsed, by=by)
        except (PolicyImportError, PolicyError) as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{version.title}” as a draft for {school.name}: "
                f"{len(parsed.sections)} sections, {parsed.clause_count} numbered clauses."
            )
        )
        if parsed.unplaced:
            self.stdout.write("These lines could not be placed and were left out:")
            for line in parsed.unplaced:
                self.stdout.write(f"  {line}")
        self.stdout.write("Publish it from the policy page when it is ready.")


def _acting(school: School, email: str | None) -> User | None:
    """The person named by ``--as``: one who may import the policy on the policy pages."""
    if email is None:
        return None
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or Role.HEADTEACHER not in roles_of(user, school):
        raise CommandError(f"{email} is not a headteacher of {school.name}.")
    return user
