"""Tandem settings: one module, driven by the environment.

The embedded shape (no environment at all) runs on SQLite under ./var with a
generated secret key; the scale-out shape is chosen by setting DATABASE_URL,
REDIS_URL and friends. App code never reads settings at import time.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF


def env(name: str, default: str = "") -> str:
    """A setting from NAME, or from the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env("TANDEM_VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

# Production mode: the scale-out shape, behind TLS. It refuses to invent secrets.
PRODUCTION = envbool("TANDEM_PRODUCTION")
DEBUG = envbool("DEBUG", default=False)
TESTING = "pytest" in sys.modules or envbool("TANDEM_TESTING")


def _generated_secret(file_name: str, setting: str) -> str:
    """A secret kept in ./var for the embedded shape; production must set it explicitly."""
    if PRODUCTION:
        raise RuntimeError(f"{setting} must be set in production (TANDEM_PRODUCTION=1).")
    path = VAR_DIR / file_name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or _generated_secret("secret_key", "SECRET_KEY")
# The audit chain's HMAC key lives outside the database, so whoever can rewrite
# rows cannot recompute a chain that verifies.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY") or _generated_secret("audit_hmac_key", "AUDIT_HMAC_KEY")

# Copies of each chain's head, kept outside the database (see audit/anchors.py).
# Put it on other storage, or ship it off the host, in production.
AUDIT_ANCHOR_FILE = env("AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))


def _data_keys() -> list[str]:
    """Fernet keys for secrets stored in the database (see core/crypto.py)."""
    keys = envlist("DATA_ENCRYPTION_KEYS")
    if keys:
        return keys
    if PRODUCTION:
        raise RuntimeError("DATA_ENCRYPTION_KEYS must be set in production (TANDEM_PRODUCTION=1).")
    path = VAR_DIR / "data_encryption_key"
    if not path.exists():
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


DATA_ENCRYPTION_KEYS = _data_keys()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # allauth's list of security keys
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "tandem.core",
    "tandem.accounts",
    "tandem.audit",
    "tandem.notify",
    "tandem.desk",
    "tandem.kb",
    "tandem.sla",
    "tandem.oncall",
    "tandem.mail",
    "tandem.signoff",
    "tandem.collab",
    "tandem.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tandem.accounts.sessions.SessionTimeoutMiddleware",
    "tandem.accounts.mfa.MfaEnrollmentMiddleware",
    "tandem.accounts.middleware.ActorMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

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
                "tandem.accounts.context_processors.shell",
                "tandem.notify.context_processors.notices",
            ],
        },
    }
]
# Form widgets (every <input>, <select> and error list) render through Jinja2,
# with Django's own widget templates: the same markup, in a quarter to a third
# of the time the Django template engine takes (the staff request page has seven
# forms; measured in docs/performance.md).
FORM_RENDERER = "django.forms.renderers.Jinja2"

# Database: SQLite in ./var unless DATABASE_URL says otherwise.
_DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}")
# PostgreSQL connections are kept for a minute (checked before reuse): opening
# one per request cost more than the queue page itself (docs/performance.md).
# SQLite opens a file, which costs next to nothing.
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=envint("DB_CONN_MAX_AGE", 0 if _DATABASE_URL.startswith("sqlite") else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so a read that later writes never
    # fails with "database is locked"; WAL lets readers run beside the writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # secure_delete: freed space is zeroed, so a redacted text leaves no
        # stale copy in a page (desk.redaction).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
    # A file, not memory, so tests can run the worker and concurrent writers in
    # other processes against the same test database; one per test run, so two
    # runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
elif TESTING:
    DATABASES["default"]["TEST"] = {"NAME": f"test_tandem_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 with explicit, modest parameters: the library defaults cost ~100 MB and
# 0.4 s per sign-in on a 2-core machine; these follow OWASP's 19 MiB / t=2 / p=1.
PASSWORD_HASHERS = [
    "tandem.accounts.hashers.TandemArgon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: email is the only identifier; no self sign-up (people are invited).
ACCOUNT_ADAPTER = "tandem.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# No email to addresses Tandem does not know: the reset form must not be a way
# to send mail to anyone.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Tell people by email when their password or second factors change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# How many reverse proxies stand in front: the client's address is then read
# from X-Forwarded-For (for sign-in rate limits and the audit trail).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# Failed sign-ins: 20 a minute from one address across all accounts, and 5 in
# 5 minutes for one account from one address (the adapter adds the address to
# the key), so an attacker cannot lock a person out from their own desk.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/5m/key"}
# Security keys (WebAuthn) need a secure origin: https, or http://localhost
# when trying it out; an IP address is refused as relying party.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False  # a key is a second factor, not a password
MFA_ADAPTER = "tandem.accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = ""  # the adapter names the provider

# The desk: a practice's reply reopens a resolved request within this many
# days (later, or once closed, it opens a new one linked to it); resolved
# requests close on their own after DESK_AUTO_CLOSE_DAYS.
DESK_REOPEN_DAYS = envint("DESK_REOPEN_DAYS", 7)
DESK_AUTO_CLOSE_DAYS = envint("DESK_AUTO_CLOSE_DAYS", 7)
# "Breaching soon": SLA deadlines within this many minutes (or past).
SLA_SOON_MINUTES = envint("SLA_SOON_MINUTES", 60)
# Attachments: kept under ./var/files (never served as static files; only a
# view that checks access sends them), at most this size each.
MEDIA_ROOT = env("MEDIA_ROOT") or str(VAR_DIR / "files")
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)
# Concerns: the provider acknowledges within this many business days (Monday to
# Friday), and an answered concern closes after this many days of silence from
# the practice (noted as such).
CONCERN_ACK_BUSINESS_DAYS = envint("CONCERN_ACK_BUSINESS_DAYS", 1)
CONCERN_SILENCE_DAYS = envint("CONCERN_SILENCE_DAYS", 14)
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Cache: allauth's rate limits need a cache every process shares, so the
# embedded shape uses the database cache, scale-out uses Redis.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tandem_cache",
        }
    }

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 3600)
# A sign-in lasts at most this long, however active; idle timeouts are set
# per organization (Organization.idle_timeout_minutes).
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
# Only for trying the warning out and for tests: one idle timeout for everyone.
TANDEM_IDLE_TIMEOUT_SECONDS = envint("TANDEM_IDLE_TIMEOUT_SECONDS", 0) or None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it into hx-headers through the template, not JS

# Background work: Huey triggers and schedules; the notify outbox is the record.
HUEY = {
    "name": "tandem",
    "immediate": False,
    "consumer": {"workers": envint("HUEY_WORKERS", 2), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

# Email. The console backend in the embedded shape unless SMTP is configured.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# tandem/static is no app's folder: the static finders need it named.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files from the app folders when collectstatic has not run (the embedded shape).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers, and a Content-Security-Policy with no inline script or eval.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment each operator makes for their own domain.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
INVITATION_TTL_DAYS = envint("INVITATION_TTL_DAYS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Its own handler, so the consumer adds none (no doubled lines); the
        # every-minute sweep logs only what goes wrong.
        "huey": {
            "handlers": ["console"],
            "level": env("HUEY_LOG_LEVEL", "WARNING"),
            "propagate": False,
        },
    },
}
