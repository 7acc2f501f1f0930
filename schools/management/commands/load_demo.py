from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from schools.demo import ADMIN_EMAIL, DEMO_ACCOUNT_PREFIXES, DEMO_PASSWORD, demo_email, load_demo
from schools.records import changes_recorded_as


class Command(BaseCommand):
    help = "Create or update the two demo schools and their accounts (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo people "act" in the demo's records; every history row also says it is the demo.
        with changes_recorded_as("load_demo"):
            schools = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo schools ready: " + ", ".join(s.name for s in schools))
        )
        if options["verbosity"] >= 1:
            self.stdout.write(f"Every demo account's password is {DEMO_PASSWORD!r}:")
            self.stdout.write(f"  {ADMIN_EMAIL} (platform administrator, /admin/)")
            for school in schools:
                emails = ", ".join(demo_email(p, school.slug) for p in DEMO_ACCOUNT_PREFIXES)
                self.stdout.write(f"  /{school.slug}/: {emails}")
