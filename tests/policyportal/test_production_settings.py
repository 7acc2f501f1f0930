"""The production configuration, checked in a fresh process as a deployment would start it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"
# Variables the parent run may carry that would make the child something else.
INHERITED_CONFIG = (
    "DATABASE_URL",
    "REDIS_URL",
    "SQLITE_PATH",
    "PRIVATE_STORAGE_ROOT",
    "EMAIL_HOST",
    "PORTAL_FAST_PASSWORD_HASHER",
)


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in INHERITED_CONFIG
    }
    env.update(
        DJANGO_SETTINGS_MODULE="policyportal.settings",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="portal.example",
        PORTAL_VAR_DIR=str(tmp_path),
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, str(MANAGE_PY), *args],
        env=env,
        cwd=MANAGE_PY.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_passes_without_a_single_warning(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_refuses_to_start_without_a_required_variable(tmp_path, missing):
    result = manage(production_env(tmp_path, **{missing: None}), "check")

    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_ENV=production." in result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_an_empty_required_variable_counts_as_missing(tmp_path, missing):
    result = manage(production_env(tmp_path, **{missing: ""}), "check")

    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_ENV=production." in result.stderr


def test_unknown_environment_name_is_refused(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_ENV="staging"), "check")

    assert result.returncode != 0
    assert "DJANGO_ENV must be 'development' or 'production'." in result.stderr


HEALTH_OVER_PLAIN_HTTP = """
from django.test import Client
client = Client(HTTP_HOST="portal.example")
health = client.get("/healthz")
login = client.get("/accounts/login/")
print(health.status_code, health.content.decode().strip(), health.get("Location"))
print(login.status_code, login.get("Location"))
"""


def test_load_balancer_reaches_healthz_over_plain_http_while_pages_go_to_https(tmp_path):
    result = manage(production_env(tmp_path), "shell", "-c", HEALTH_OVER_PLAIN_HTTP)

    assert result.returncode == 0, result.stderr
    health, login = result.stdout.splitlines()[-2:]
    assert health == "200 ok None"
    assert login == "301 https://portal.example/accounts/login/"


# A redirect, not a page: the child process has no collected static files to render one with.
SECURE_RESPONSE = """
from django.conf import settings
from django.test import Client
answer = Client(HTTP_HOST="portal.example").get("/", secure=True)
print("status:", answer.status_code)
for name in (
    "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options",
    "Referrer-Policy", "Content-Security-Policy",
):
    print(f"{name}: {answer.get(name, '-')}")
print("csrf cookie:", settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_SAMESITE)
flags = ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE")
print("session cookie:", *(getattr(settings, flag) for flag in flags))
"""


def test_https_responses_carry_the_security_headers_and_cookies_are_secure(tmp_path):
    result = manage(production_env(tmp_path), "shell", "-c", SECURE_RESPONSE)

    assert result.returncode == 0, result.stderr
    seen = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert seen["status"] == "302"
    assert seen["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["X-Content-Type-Options"] == "nosniff"
    assert seen["X-Frame-Options"] == "DENY"
    assert seen["Referrer-Policy"] == "same-origin"
    assert "script-src 'self';" in seen["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in seen["Content-Security-Policy"]
    assert "unsafe-inline" not in seen["Content-Security-Policy"]
    assert seen["csrf cookie"] == "True Lax"
    assert seen["session cookie"] == "True True Lax"
