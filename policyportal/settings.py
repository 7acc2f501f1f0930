"""Policy Portal settings, driven by the environment.

With no environment at all the portal runs on the embedded default: SQLite,
Celery tasks in-process, email printed to the console, uploaded files in a
private folder under ``var/``. Every variable is documented in docs/operations.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from xstatic.pkg import bootstrap as xstatic_bootstrap

from policyportal.log import logging_config
from policyportal.storage import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

# Data that must outlive a checkout but never be served: SQLite database,
# uploaded evidence, generated PDFs, the development secret key.
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", VAR_DIR / "private"))


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production.")
    # Development: a random key kept in var/ so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DJANGO_DEBUG", default=False)

if PRODUCTION and not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "accounts",
    "schools",
    "jobs",
    "documents",
    "notifications",
    "policies",
    "forms_app",
    "incidents",
    "agreements",
    "training",
    "governance",
    "people",
    "twofactor",
    "retention",
    "subject_access",
    "dataset",
]

MIDDLEWARE = [
    # First: every response carries X-Request-ID and is logged, /healthz and refusals too.
    "policyportal.request_id.RequestIdMiddleware",
    "policyportal.health.HealthzMiddleware",
    "policyportal.security.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "policyportal.sessions.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A half-signed-in session reaches only the verify page (before the school is resolved);
    # those who must use two-factor sign-in in a school set it up first (after).
    "twofactor.middleware.TwoFactorVerifyMiddleware",
    "schools.middleware.SchoolMiddleware",
    "twofactor.middleware.TwoFactorRequiredMiddleware",
    "agreements.kiosk.KioskMiddleware",
]

ROOT_URLCONF = "policyportal.urls"
WSGI_APPLICATION = "policyportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schools.context_processors.school",
            ],
        },
    },
]

# Widgets (a select's options above all) render through Jinja2, several times faster
# than through Django's templates, with the same markup.
FORM_RENDERER = "policyportal.forms_renderer.PortalFormRenderer"

# --- Database -------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL)
    if _db["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL.")
    # Django's built-in pool (psycopg 3): persistent connections must stay off.
    _db["CONN_MAX_AGE"] = 0
    _options = _db.setdefault("OPTIONS", {})
    # Bounded waits: when PostgreSQL is down, a request (and /healthz) fails
    # within seconds instead of hanging.
    _options.setdefault("connect_timeout", 3)
    _options["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "1")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),
    }
    # Behind PgBouncer in transaction mode a cursor declared outside a transaction
    # may be fetched from another server connection: turn server-side cursors off
    # there (large exports are then read whole before they are written out).
    _db["DISABLE_SERVER_SIDE_CURSORS"] = not env_bool("DATABASE_SERVER_SIDE_CURSORS", True)
    DATABASES = {"default": _db}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE
                # takes the write lock at BEGIN so two writers queue for the
                # busy timeout instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not memory, so tests exercise WAL and can close it.
            "TEST": {"NAME": str(VAR_DIR / "test-db.sqlite3")},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and result store, cache -------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "policyportal",
            # A paused Redis must not hang a request that reads the cache.
            "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        }
    }
else:
    # Embedded default: tasks run in-process, in the web request that queues them.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
# Bounded broker timeouts. Web requests never publish (jobs/dispatch.py), but
# the dispatcher thread and the sweep must not hang on a paused broker either.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# The worker and beat reconnect after losing Redis (publishing is bounded by
# CELERY_TASK_PUBLISH_RETRY and the socket timeouts below, not by this).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "max_retries": 1,
    "visibility_timeout": 60 * 60,
}
CELERY_TASK_PUBLISH_RETRY = False
# Periodic work; `manage.py run_periodic` runs the same list without a broker.
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "jobs.sweep", "schedule": 30.0},
    # Queues each reviewer's morning digest from 07:30 on weekdays, school time.
    "notification-digests": {"task": "notifications.digests_due", "schedule": 300.0},
    # Ends time-boxed access approvals after their last day; the network manager re-blocks.
    "expire-access": {"task": "forms_app.expire_access", "schedule": 900.0},
    # Daily: the month's retention review on the 1st, disposals 14 days after (when due only).
    "retention": {"task": "retention.daily", "schedule": 86400.0},
}

# --- Email ----------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Policy Portal <noreply@portal.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Accounts -------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after-login"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("PORTAL_FAST_PASSWORD_HASHER"):
    # Tests only: the default hasher costs ~0.25 s per check on these machines.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A signed-in session ends after this long without a request, and this long
# after signing in, whichever comes first (policyportal.sessions). A kiosk
# browser follows its kiosk's own expiry instead.
PORTAL_SESSION_IDLE_MINUTES = 30
PORTAL_SESSION_MAX_HOURS = 12
# Django's database sessions, read by a statement kept rather than built per request.
SESSION_ENGINE = "policyportal.session_store"
# The cookie and the stored session never outlive the longest a session may run.
SESSION_COOKIE_AGE = PORTAL_SESSION_MAX_HOURS * 60 * 60
# Those who see incidents or evidence must use two-factor sign-in in every
# school (twofactor.policy); a school can require it by itself too. Off in the demo.
PORTAL_TWO_FACTOR_REQUIRED = env_bool("PORTAL_TWO_FACTOR_REQUIRED", default=PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Internationalisation -------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (served by the portal itself: no CDN) -------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR),
]
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # WhiteNoise warns about a missing STATIC_ROOT even when it serves from finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    # Private: never under STATIC_ROOT, and it has no URLs at all — files leave
    # only through views that check the person's right to them. A folder under
    # PORTAL_VAR_DIR, or a shared S3-compatible bucket when PORTAL_S3_BUCKET is set.
    "default": default_storage_config(os.environ, PRIVATE_STORAGE_ROOT),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}

# --- PDFs (WeasyPrint, in a renderer process with these limits) -----------

PDF_RENDER_TIMEOUT = float(os.environ.get("PDF_RENDER_TIMEOUT", "30"))
PDF_RENDER_MEMORY_MB = int(os.environ.get("PDF_RENDER_MEMORY_MB", "512"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------

# Sent on every HTML page in every configuration (policyportal.security).
# Scripts and styles are files the portal serves: no inline script, event
# handler or style attribute anywhere. data: images are Bootstrap's own icons
# (the menu button, form validation marks), which its CSS carries inline.
PORTAL_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # /healthz is answered before this redirect (policyportal.health).
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Never reached (HealthzMiddleware answers first); kept so that moving the
    # middleware cannot send the container's plain-HTTP health check to HTTPS.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_BEHIND_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging --------------------------------------------------------------

# One line per request (policyportal.request_id) and every record with the
# request's id; JSON lines for a log collector in production, text otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
LOGGING = logging_config(LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO").strip().upper())
# Celery's worker and beat log through the configuration above, in the same format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

PORTAL_NAME = "Policy Portal"
# Where the portal is reached, for absolute links in emails.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
