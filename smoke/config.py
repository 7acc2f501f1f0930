"""The run's constants, its configuration from the caller's environment, and the
environment every process of the portal is started with (production settings).
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from smoke.common import check

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
SCHOOL = "chestnuts"
TEACHER = f"teacher@{SCHOOL}.example"
HEADTEACHER = f"head@{SCHOOL}.example"
DEMO_PASSWORD = "portal-demo"  # noqa: S105 - the published demo password (PRODUCT.md §6)
SCHOOL_TZ = ZoneInfo("Europe/London")
# The digest check runs every 300 s in CELERY_BEAT_SCHEDULE: beat's clock jumps past that.
DIGEST_INTERVAL = 300
DEFAULT_REDIS_DB = 14
# Set-up commands: seconds on a free machine, several times that on a busy one.
STEP_TIMEOUT = 240.0
# load_demo leaves about 110 jobs (PDFs, emails) in the outbox for the first sweep.
DRAIN_TIMEOUT = 180.0
PDF_TIMEOUT = 40.0
DIGEST_TIMEOUT = 40.0
# Beat's first move: past the outbox sweep's 30 s, short of the digest check's 300 s.
SWEEP_JUMP = 35
# Settings a developer's shell may carry that would make this run something else
# than production's defaults (only what the run sets itself is passed on).
CLEARED_PREFIXES = ("DJANGO_", "PORTAL_", "EMAIL_", "DATABASE_", "REDIS_", "CELERY_", "PDF_RENDER_")
CLEARED_NAMES = ("PRIVATE_STORAGE_ROOT", "SQLITE_PATH", "DEFAULT_FROM_EMAIL", "LOG_LEVEL")
LIBFAKETIME = "/usr/lib/*/faketime/libfaketimeMT.so.1"


@dataclass(frozen=True)
class Config:
    server_url: str  # DATABASE_URL: its server hosts the scratch database
    scratch_name: str
    redis_url: str
    var_dir: Path
    web_port: int
    smtp_port: int
    secret_key: str = field(repr=False)

    @property
    def scratch_url(self) -> str:
        return with_path(self.server_url, self.scratch_name)

    @property
    def maintenance_url(self) -> str:
        # CREATE/DROP DATABASE from the server's own database, never the named one.
        return with_path(self.server_url, "postgres")

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.web_port}"


def with_path(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def load_config(var_dir: Path, smtp_port: int) -> Config:
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    check(
        parts.scheme in {"postgres", "postgresql"} and parts.path.strip("/") != "",
        "DATABASE_URL must name a PostgreSQL database, e.g. "
        "postgres://postgres@127.0.0.1:5432/policyportal_ci",
    )
    check(
        parts.hostname in {"127.0.0.1", "localhost", "::1"},
        "DATABASE_URL must be on this machine (127.0.0.1)",
    )
    return Config(
        server_url=url,
        scratch_name=parts.path.strip("/") + "_smoke",
        redis_url=smoke_redis_url(),
        var_dir=var_dir,
        web_port=free_port(),
        smtp_port=smtp_port,
        secret_key=secrets.token_urlsafe(50),
    )


def smoke_redis_url() -> str:
    """The run's own Redis database: never the one the test suite uses."""
    if os.environ.get("SMOKE_REDIS_URL"):
        return os.environ["SMOKE_REDIS_URL"]
    parts = urlsplit(os.environ.get("REDIS_URL") or f"redis://{HOST}:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, f"/{DEFAULT_REDIS_DB}", "", ""))


def portal_env(config: Config) -> dict[str, str]:
    """Production settings (policyportal/settings.py) for every process of the run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(CLEARED_PREFIXES) and key not in CLEARED_NAMES
    }
    env.update(
        DJANGO_SETTINGS_MODULE="policyportal.settings",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=config.secret_key,
        DJANGO_ALLOWED_HOSTS=HOST,
        PORTAL_VAR_DIR=str(config.var_dir),
        PORTAL_BASE_URL=config.origin,
        DATABASE_URL=config.scratch_url,
        REDIS_URL=config.redis_url,
        # Production sends by SMTP once EMAIL_HOST is set: to the sink below, in clear.
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(config.smtp_port),
        EMAIL_USE_TLS="false",
        PYTHONUNBUFFERED="1",
    )
    return env
