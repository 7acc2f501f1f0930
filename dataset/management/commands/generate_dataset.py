"""``manage.py generate_dataset --schools N --seed S``: synthetic schools for measuring scale."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dataset.generator import PASSWORD, email_for, generate, slug_for


class Command(BaseCommand):
    help = (
        "Make N fictional schools with staff, a roster and a year of records in every state, "
        "the same for the same seed. Schools that exist already are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, required=True, help="How many schools.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per INSERT (default 2000)."
        )
        parser.add_argument(
            "--chunk", type=int, default=20, help="Schools per transaction (default 20)."
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Count the year of records back from this day (YYYY-MM-DD; default today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schools, seed = options["schools"], options["seed"]
        if schools < 1 or seed < 0:
            raise CommandError("--schools must be at least 1 and --seed not negative.")
        if options["batch_size"] < 1 or options["chunk"] < 1:
            raise CommandError("--batch-size and --chunk must be at least 1.")
        started = time.monotonic()
        progress = generate(
            schools=schools,
            seed=seed,
            batch_size=options["batch_size"],
            chunk=options["chunk"],
            today=options["today"],
            report=lambda line: self.stdout.write(
                f"{line} after {time.monotonic() - started:.0f} s"
            ),
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{progress.created} schools made, {progress.skipped} already there; "
                f"{progress.rows} rows in {elapsed:.1f} s."
            )
        )
        first = slug_for(seed, 1)
        self.stdout.write(
            f"Every generated account's password is “{PASSWORD}”; "
            f"e.g. sign in as {email_for('head', first)} (school /{first}/)."
        )
