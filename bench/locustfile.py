"""A parents' evening at its peak, for locust (``bench/load.py`` runs it headless).

Kiosk users are tablets: each signs in as a member of Chestnuts' staff (in
turn: several tablets can belong to one person), starts its own kiosk, then
takes one family's signature after another with a fresh idempotency key,
reading the clean form between families. Staff users sign in as the
headteacher and browse meanwhile: the dashboard, the reviewer's queue, the
incident list, the audit timeline and the agreements signed so far.

Set by ``bench/load.py`` through the environment: ``BENCH_KIOSK_USERS`` and
``BENCH_STAFF_USERS`` (how many of each), ``BENCH_MAX_TASKS`` (each user
stops after that many tasks, so the run is bounded in requests as well as by
``--run-time``), and ``PYTHONPATH`` to the project's root, for ``bench.family``.
"""

from __future__ import annotations

import itertools
import os

from locust import FastHttpUser, between, task
from locust.exception import StopUser

from bench.family import kiosk_form, signature

SCHOOL = "chestnuts"
PASSWORD = "portal-demo"  # noqa: S105 (the demo accounts' published password)
# Chestnuts' staff who may run a kiosk (agreements.access.KIOSK_RUNNERS); the network
# manager works for the school but is not staff, and is refused one.
KIOSK_STAFF = ("teacher", "support", "esafety", "dsl", "head")
BROWSED = (
    f"/{SCHOOL}/",
    f"/{SCHOOL}/access-requests/queue/",
    f"/{SCHOOL}/incidents/",
    f"/{SCHOOL}/governance/history/",
    f"/{SCHOOL}/agreements/signed/",
)
MAX_TASKS = int(os.environ.get("BENCH_MAX_TASKS", "200"))
_staff_turn = itertools.cycle(KIOSK_STAFF)


class SignedIn(FastHttpUser):
    abstract = True
    tasks_done = 0

    def sign_in(self, email: str) -> None:
        """Sign in, or stop this user: signed out, every page would redirect to sign in."""
        self.client.get("/accounts/login/", name="sign in (form)")
        data = {"username": email, "password": PASSWORD}
        if not self.post_for_redirect("/accounts/login/", data, "sign in"):
            raise StopUser

    def post_for_redirect(self, path: str, data: dict[str, str], name: str) -> str:
        """POST the form (with the CSRF token); anything but a redirect is a failure."""
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": self.csrf(), **data},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location") if response.headers else None
            if response.status_code != 302 or not location:
                response.failure(f"{name} answered {response.status_code}, not a redirect")
                return ""
            return str(location)

    def csrf(self) -> str:
        return next(c.value or "" for c in self.client.cookiejar if c.name == "csrftoken")

    def count_task(self) -> None:
        self.tasks_done += 1
        if self.tasks_done > MAX_TASKS:
            raise StopUser


class KioskUser(SignedIn):
    fixed_count = int(os.environ.get("BENCH_KIOSK_USERS", "20"))
    # A family reads and signs in well over a second; a peak squeezes them together.
    wait_time = between(0.5, 2.0)
    kiosk = ""

    def on_start(self) -> None:
        self.sign_in(f"{next(_staff_turn)}@{SCHOOL}.example")
        start = {"event": "Parents' evening", "hours": "4"}
        self.kiosk = self.post_for_redirect(f"/{SCHOOL}/kiosk/start/", start, "kiosk start")
        if not self.kiosk:
            raise StopUser

    @task
    def family_signs(self) -> None:
        self.count_task()
        form = kiosk_form(self.client.get(self.kiosk, name="kiosk form").text or "")
        if form is None:
            raise StopUser("the kiosk's form has no agreement version or class")
        self.post_for_redirect(self.kiosk, signature(*form), "kiosk signature")


class StaffUser(SignedIn):
    fixed_count = int(os.environ.get("BENCH_STAFF_USERS", "5"))
    wait_time = between(1.0, 3.0)

    def on_start(self) -> None:
        self.sign_in(f"head@{SCHOOL}.example")

    @task
    def browse(self) -> None:
        self.count_task()
        for path in BROWSED:
            self.client.get(path, name=path)
