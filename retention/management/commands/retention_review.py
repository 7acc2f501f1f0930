"""``manage.py retention_review [--dry-run] [--school SLUG]``.

With ``--dry-run``: print, per school, what a review produced now would list
(kind, reference, date, rule, kept until), changing nothing. Without it: do
the daily work now (this month's review if not yet produced, then the
disposals due), as the scheduled task does.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from retention.models import RetainedKind
from retention.services import dry_run, retention_dispose_due, retention_review_produce
from schools.models import School


class Command(BaseCommand):
    help = "List the records past their retention (--dry-run), or run the review and disposal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list only; change nothing")
        parser.add_argument("--school", help="one school's slug (default: every school)")

    def handle(self, *args: Any, **options: Any) -> None:
        schools = School.objects.order_by("slug")
        if options["school"]:
            schools = schools.filter(slug=options["school"])
            if not schools.exists():
                raise CommandError(f"No school {options['school']!r}.")
        for school in schools:
            if options["dry_run"]:
                self._list(school)
            else:
                review = retention_review_produce(school=school)
                logs = retention_dispose_due(school=school)
                made = f"review of {review.month:%B %Y} produced" if review else "no review due"
                self.stdout.write(f"{school.slug}: {made}; {len(logs)} disposed of")

    def _list(self, school: School) -> None:
        due = dry_run(school)
        self.stdout.write(f"{school.slug}: {len(due)} past retention and not held (dry run)")
        for record in due:
            kind = RetainedKind(record.kind).label
            self.stdout.write(
                f"  {record.reference}\t{kind}\t{record.record_date:%Y-%m-%d}\t"
                f"{record.rule}\tkept until {record.kept_until:%Y-%m-%d}"
            )
