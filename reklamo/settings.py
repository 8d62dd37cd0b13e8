"""Settings for Reklamo.

Everything a deployment changes comes from the environment, with defaults that run the
embedded mode (SQLite, local files, console e-mail) on one machine. Every variable is
documented in the README.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime state of the embedded mode: database, uploaded files, collected static files.
VAR_DIR = Path(os.environ.get("REKLAMO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def embedded_secret_key():
    """A key generated once per installation and kept in var/, for the embedded mode."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or embedded_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The absolute address customers use; links in e-mails are built from it.
SITE_URL = os.environ.get("REKLAMO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "reklamo",
    "accounts",
    "complaints",
    "workflow",
    "customfields",
    "consultations",
    "deadlines",
    "intake",
    "routing",
    "notifications",
    "messaging",
    "surveys",
    "mailin",
    "sms",
    "desk",
    "portal",
    "branding",
    "documents",
    "customer_access",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "reklamo.urls"
WSGI_APPLICATION = "reklamo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "branding.context_processors.branding",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'reklamo.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Writers take the lock when their transaction begins, so concurrent registrations
        # queue behind each other instead of failing with "database is locked" on upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: the live-server and concurrency tests need several connections.
    # One per test run, so two runs side by side do not share it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("REKLAMO_TEST_DB")
        or str(VAR_DIR / f"test-reklamo-{os.getpid()}.sqlite3")
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache (rate-limit counts live in the database) -------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A complaint repeats an earlier one of the same customer and product that is still open
# or was received within this many days (IN-8).
REPEAT_WINDOW_DAYS = env_int("REKLAMO_REPEAT_WINDOW_DAYS", 90)
# Public form submissions allowed per client address and hour.
INTAKE_RATE_LIMIT_PER_HOUR = env_int("REKLAMO_INTAKE_RATE_LIMIT", 20)

# --- Text messages (CO-5) ---------------------------------------------------------------------

# The gateway: "sms.backends.FileBackend" (development: SMS_FILE, or print when empty) or
# "sms.backends.HttpBackend" (a generic HTTP provider configured below).
SMS_BACKEND = os.environ.get("REKLAMO_SMS_BACKEND", "sms.backends.FileBackend")
SMS_FILE = os.environ.get("REKLAMO_SMS_FILE", str(VAR_DIR / "sms.log"))
SMS_DEFAULT_REGION = os.environ.get("REKLAMO_SMS_REGION", "PL")
SMS_HTTP_URL = os.environ.get("REKLAMO_SMS_HTTP_URL", "")
# "Authorization: Bearer <token>", or any "Name: value" header the provider wants.
SMS_HTTP_AUTH_HEADER = os.environ.get("REKLAMO_SMS_HTTP_AUTH_HEADER", "")
SMS_HTTP_BODY = os.environ.get("REKLAMO_SMS_HTTP_BODY", '{"to": "{to}", "text": "{text}"}')
SMS_HTTP_CONTENT_TYPE = os.environ.get("REKLAMO_SMS_HTTP_CONTENT_TYPE", "application/json")
SMS_HTTP_TIMEOUT = env_int("REKLAMO_SMS_HTTP_TIMEOUT", 10)

# --- Tasks ----------------------------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Periodic jobs run by `manage.py run_scheduler`: task path -> interval in seconds.
PERIODIC_TASKS = {
    "notifications.tasks.redeliver_stalled_emails": 60,
    "sms.tasks.redeliver_stalled_sms": 60,
    "deadlines.tasks.check_clocks_task": 60,
    # Each mailbox has its own poll interval; this only looks for the ones due.
    "mailin.tasks.poll_mailboxes_task": 30,
    "reklamo.tasks.refresh_query_statistics_task": 3600,
}

# --- Auth -----------------------------------------------------------------------------------

LOGIN_URL = "login"
# Specialists land on what they are consulted on instead (accounts.views.SignInView).
LOGIN_REDIRECT_URL = "desk:complaint_list"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
    ("el", _("Greek")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Warsaw")
USE_TZ = True
# Day-first dates and a 24-hour clock, also in English: "3 Mar 2026, 14:05".
FORMAT_MODULE_PATH = ["reklamo.formats"]

# --- Files ----------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Uploaded attachments: never under the static root and never served by URL, only through
# a view that checks permission.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Nothing is routed here; Django's test live server needs some value.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# CO-4: the satisfaction survey. Sent on entering these (final) stages; "rejected" is left
# out on purpose: asking a customer we turned down how satisfied they are reads as mockery.
SURVEY_STAGES = ["closed"]
SURVEY_VALID_DAYS = env_int("REKLAMO_SURVEY_VALID_DAYS", 30)
# The customer portal (PO-1, PO-2): lookups by reference and sign-in links, per hour.
PORTAL_LOOKUPS_PER_ADDRESS = env_int("REKLAMO_PORTAL_LOOKUPS_PER_ADDRESS", 20)
PORTAL_LOOKUPS_PER_REFERENCE = env_int("REKLAMO_PORTAL_LOOKUPS_PER_REFERENCE", 5)
PORTAL_SIGNIN_REQUESTS_PER_ADDRESS = env_int("REKLAMO_PORTAL_SIGNIN_REQUESTS_PER_ADDRESS", 10)
PORTAL_SIGNIN_REQUESTS_PER_EMAIL = env_int("REKLAMO_PORTAL_SIGNIN_REQUESTS_PER_EMAIL", 3)
PORTAL_SIGNIN_LINK_MINUTES = env_int("REKLAMO_PORTAL_SIGNIN_LINK_MINUTES", 30)
PORTAL_SESSION_HOURS = env_int("REKLAMO_PORTAL_SESSION_HOURS", 12)
# A score at or below this alerts the managers and offers them to reopen the case.
SURVEY_LOW_SCORE = env_int("REKLAMO_SURVEY_LOW_SCORE", 2)

ATTACHMENT_MAX_FILES = env_int("REKLAMO_ATTACHMENT_MAX_FILES", 10)
ATTACHMENT_MAX_BYTES = env_int("REKLAMO_ATTACHMENT_MAX_MB", 15) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Ten files of 15 MB each plus the form's fields.
DATA_UPLOAD_MAX_NUMBER_FILES = ATTACHMENT_MAX_FILES + 5

# --- E-mail ---------------------------------------------------------------------------------

# Django's own variable names; Django 6.1 takes them through MAILERS.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": 30,
            },
        }
    }
elif EMAIL_FILE_PATH:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": EMAIL_FILE_PATH},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST, EMAIL_FILE_PATH
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Reklamo <complaints@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Shops that may show the public form in an <iframe> (origins, comma-separated).
EMBED_ALLOWED_ORIGINS = env_list("REKLAMO_EMBED_ALLOWED_ORIGINS", ["*"])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("REKLAMO_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The embedded form posts from inside a shop's page, a cross-site context.
    CSRF_COOKIE_SAMESITE = "None"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
