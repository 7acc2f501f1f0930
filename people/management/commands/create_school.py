"""``manage.py create_school``: a new school and the invitation of its first headteacher."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.mail import account_mail
from people.services import invitation_url, school_create_with_head
from schools.records import changes_recorded_as


class Command(BaseCommand):
    help = "Create a school and invite its first headteacher; prints the invitation link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The school's name.")
        parser.add_argument("--slug", required=True, help="Its address: /<slug>/.")
        parser.add_argument("--head-email", required=True)
        parser.add_argument("--head-name", required=True)
        parser.add_argument("--time-zone", default="Europe/London")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with changes_recorded_as("create_school"), transaction.atomic():
                school, invitation, token = school_create_with_head(
                    name=options["name"],
                    slug=options["slug"],
                    time_zone=options["time_zone"],
                    head_name=options["head_name"],
                    head_email=options["head_email"],
                    by=None,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        account_mail.flush()  # the email goes from a background thread: let it leave
        self.stdout.write(f"Created {school.name} at /{school.slug}/.")
        self.stdout.write(f"Invited {invitation.full_name} <{invitation.email}> as headteacher.")
        self.stdout.write(
            f"Invitation link (works until {invitation.expires_at:%d/%m/%Y %H:%M} UTC):"
        )
        self.stdout.write(invitation_url(token))
