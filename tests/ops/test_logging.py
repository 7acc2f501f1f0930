"""Request ids and log lines: what an operator following one request through the logs sees."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from policyportal.log import JsonFormatter, RequestIdFilter
from schools.models import School

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines() -> Iterator[Callable[[], list[dict[str, object]]]]:
    """Every record logged during the test, as the production (JSON) handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def access_lines(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    return [line for line in lines if line["logger"] == "policyportal.access"]


@pytest.mark.django_db
def test_every_response_carries_a_new_request_id(client: Client) -> None:
    first = client.get(reverse("accounts:login"))
    second = client.get(reverse("accounts:login"))

    assert HEX_ID.fullmatch(first["X-Request-ID"])
    assert HEX_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_healthz_and_a_refused_host_carry_one_too(client: Client) -> None:
    assert HEX_ID.fullmatch(client.get("/healthz")["X-Request-ID"])
    refused = client.get(reverse("accounts:login"), HTTP_HOST="elsewhere.example")
    assert refused.status_code == 400
    assert HEX_ID.fullmatch(refused["X-Request-ID"])


@pytest.mark.django_db
def test_a_well_formed_incoming_id_is_kept(client: Client) -> None:
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="lb-7f3a.9c_21-x")

    assert response["X-Request-ID"] == "lb-7f3a.9c_21-x"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    ["short", "a" * 129, "has spaces", "ok-until\nX-Injected: 1", "<script>alert(1)</script>"],
)
def test_a_malformed_incoming_id_is_replaced(client: Client, incoming: str) -> None:
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID=incoming)

    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_a_line_logged_during_a_request_carries_its_id(
    client: Client, log_lines: Callable[[], list[dict[str, object]]]
) -> None:
    # Django itself logs a refused Host header, in the middle of the request.
    response = client.get(reverse("accounts:login"), HTTP_HOST="elsewhere.example")

    rid = response["X-Request-ID"]
    [refusal] = [line for line in log_lines() if line["logger"] == "django.security.DisallowedHost"]
    assert refusal["request_id"] == rid
    assert refusal["level"] == "ERROR"
    assert [line["status"] for line in access_lines(log_lines())] == [400]
    # Outside a request there is no id.
    logging.getLogger("tests.ops").warning("after the request")
    assert log_lines()[-1]["request_id"] is None


def test_the_access_line_has_the_school_and_user_id_but_no_query_string_or_names(
    client_for: Callable[[User], Client],
    head: User,
    school: School,
    log_lines: Callable[[], list[dict[str, object]]],
) -> None:
    path = f"/{school.slug}/"
    response = client_for(head).get(f"{path}?q=helen.hughes@example.org&pupil=Jamie")

    [line] = access_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == path
    assert line["status"] == response.status_code
    assert line["school"] == school.slug
    assert line["user_id"] == head.pk
    assert isinstance(line["duration_ms"], float)
    written = json.dumps(line)
    for private in ("?", "helen", "Hughes", "Jamie", head.email):
        assert private not in written


@pytest.mark.django_db
def test_a_password_reset_token_in_the_path_is_not_logged(
    client: Client, head: User, log_lines: Callable[[], list[dict[str, object]]]
) -> None:
    secret = {"uidb64": "MTIz", "token": "c0ffee-beef"}
    path = reverse("accounts:password-reset-confirm", kwargs=secret)

    client.get(path)

    [line] = access_lines(log_lines())
    assert "c0ffee-beef" not in json.dumps(line)
    assert "MTIz" not in json.dumps(line)
    assert line["path"] == "/accounts/password-reset/[hidden]/[hidden]/"


@pytest.mark.django_db
def test_a_passing_health_check_is_not_logged_but_other_requests_are(
    client: Client, log_lines: Callable[[], list[dict[str, object]]]
) -> None:
    client.get("/healthz")
    client.get(reverse("accounts:login"))

    assert [line["path"] for line in access_lines(log_lines())] == ["/accounts/login/"]


def test_the_json_formatter_writes_one_line_of_json_with_the_fields() -> None:
    record = logging.LogRecord(
        "jobs.runner", logging.ERROR, __file__, 1, "Job %s failed\non two lines", (7,), None
    )
    record.request_id = "abc12345"
    record.task_id = None
    record.job_id = 7
    record.where = Path("evidence/a.png")  # anything JSON cannot hold is written as text

    text = JsonFormatter().format(record)

    assert "\n" not in text
    entry = json.loads(text)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "jobs.runner"
    assert entry["message"] == "Job 7 failed\non two lines"
    assert entry["request_id"] == "abc12345"
    assert entry["job_id"] == 7
    assert entry["where"] == "evidence/a.png"
    assert entry["time"].endswith("+00:00")


def test_an_exception_stays_on_the_same_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    text = JsonFormatter().format(record)

    assert "\n" not in text
    assert "ValueError: boom" in json.loads(text)["exception"]


def production_process(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh process configured as production is (JSON logs by default)."""
    (tmp_path / "static").mkdir(exist_ok=True)  # WhiteNoise warns (in text) without it
    child = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LOG_")) and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    child.update(
        DJANGO_SETTINGS_MODULE="policyportal.settings",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="portal.example",
        PORTAL_VAR_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code],
        env=child,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Static files by their plain names: this checkout has not run collectstatic.
REQUEST_IN_A_FRESH_PROCESS = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
    response = Client().get(
        "/accounts/login/?next=/oakfield/&email=someone@example.org",
        HTTP_HOST="portal.example", HTTP_X_REQUEST_ID="edge-0123456789", secure=True,
    )
print(response.status_code)
"""


def test_production_writes_json_lines_with_the_request_id(tmp_path: Path) -> None:
    result = production_process(tmp_path, REQUEST_IN_A_FRESH_PROCESS)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "200"
    # Every line on standard error is a JSON object.
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    [access] = access_lines(lines)
    assert access["request_id"] == "edge-0123456789"
    assert access["path"] == "/accounts/login/"
    assert "someone" not in result.stderr


def test_log_format_text_is_for_people(tmp_path: Path) -> None:
    result = production_process(tmp_path, REQUEST_IN_A_FRESH_PROCESS, LOG_FORMAT="text")

    assert result.returncode == 0, result.stderr
    assert re.search(
        r"INFO policyportal.access \[edge-0123456789\] GET /accounts/login/ 200 [\d.]+ms",
        result.stderr,
    )
