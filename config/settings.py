"""Settings for the diplomatic engagement tracker, driven by environment variables.

Every variable is documented in README.md. Safe defaults make `make run` work with no
services at all: SQLite, Celery tasks run eagerly, email printed to the console.
"""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables not set in the environment may come from a .env file next to manage.py (`make
# run` writes one for local development); ENV_FILE names another file, or none when empty
# (the tests set it so: what they check must not depend on a developer's .env).
_ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if _ENV_FILE:
    environ.Env.read_env(_ENV_FILE, overwrite=False)

DEBUG: bool = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105
SECRET_KEY: str = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# Anonymous read access to the timeline, the API and the feeds.
TRACKER_PUBLIC: bool = env.bool("TRACKER_PUBLIC", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "django_htmx",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "taggit",
    "csp",
    "tracker",
    "digests",
    "intake",
    "stories",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tracker.middleware.RefuseControlCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are kept between requests (a new PostgreSQL connection costs its server a
# process and its catalog caches: at a million events the load test serves about a quarter
# more requests a second with them kept, see bench/load-1m.md). A kept connection is tested
# before a request uses it, so one left by a restarted server is replaced, not failed.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    # Short queries: compiling them just in time costs more (tens of ms) than it saves.
    _pg_options.setdefault("options", "-c jit=off")
    # A database that does not answer fails requests in seconds instead of hanging them.
    _pg_options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE: str = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# Hashed, compressed static files in production (run collectstatic); plain ones otherwise.
STATIC_MANIFEST: bool = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: django-environ URL schemes (smtp://, smtp+tls://, consolemail://, filemail://, ...).
EMAIL_URL: str = env.str("EMAIL_URL", default="consolemail://")
vars().update(env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL: str = env.str(
    "DEFAULT_FROM_EMAIL", default="Engagement Tracker <tracker@localhost>"
)

# Celery: with no REDIS_URL, tasks run eagerly in the calling process.
REDIS_URL: str = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "UTC"
CELERY_TASK_SOFT_TIME_LIMIT = 600  # the longest task stays well inside the visibility timeout
# Watched sources: how often the dispatcher looks for sources that are due (seconds), and
# the hour (UTC) of the daily email of drafts waiting for review.
WATCH_DISPATCH_SECONDS: int = env.int("WATCH_DISPATCH_SECONDS", default=60)
REVIEW_REMINDER_HOUR: int = env.int("REVIEW_REMINDER_HOUR", default=7)
CELERY_BEAT_SCHEDULE = {
    "dispatch-digests": {"task": "digests.tasks.dispatch_digests", "schedule": 15 * 60},
    "dispatch-sources": {
        "task": "intake.tasks.dispatch_sources",
        "schedule": WATCH_DISPATCH_SECONDS,
    },
    "review-reminders": {"task": "intake.tasks.send_review_reminders", "schedule": 15 * 60},
    "dispatch-alerts": {
        "task": "digests.tasks.dispatch_alerts",
        "schedule": env.int("ALERT_DISPATCH_SECONDS", default=60),
    },
}
# Alerts: a failed delivery is tried again after ALERT_RETRY_SECONDS, doubling each time
# (at most an hour), ALERT_MAX_ATTEMPTS times in all (at most 8); then its rule pauses.
ALERT_RETRY_SECONDS: float = env.float("ALERT_RETRY_SECONDS", default=30.0)
ALERT_MAX_ATTEMPTS: int = min(env.int("ALERT_MAX_ATTEMPTS", default=6), 8)
# A claimed digest whose worker vanished is sent again after this many seconds.
DIGEST_LEASE_SECONDS: int = env.int("DIGEST_LEASE_SECONDS", default=900)
DIGEST_DISPATCH_LIMIT: int = env.int("DIGEST_DISPATCH_LIMIT", default=50_000)

# Cache: Redis when configured (shared by all processes: throttling), else local memory.
# Every use of the cache survives Redis being away (cached pages are recomputed, limits
# let requests through), so its timeouts are short.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Rate limits, counted in the database (tracker/limits.py; the API has its own, API_*_RATE).
_RATE = re.compile(r"^\d+/\d*[smhd]$")


def _rate(name: str, default: str) -> str:
    value: str = env.str(name, default=default)
    if not _RATE.match(value):
        raise ImproperlyConfigured(f"{name} must look like 10/m, 20/h or 5/d, not {value!r}.")
    return value


LOGIN_RATE = _rate("LOGIN_RATE", "10/m")  # sign-in attempts per client address
SUBSCRIBE_RATE = _rate("SUBSCRIBE_RATE", "20/h")  # subscriptions per client address
# Confirmation emails per recipient address, whoever asks: subscribing is no way to mail
# a stranger again and again.
SUBSCRIBE_RECIPIENT_RATE = _rate("SUBSCRIBE_RECIPIENT_RATE", "5/d")
# Behind a proxy, the client's address is in a header the proxy sets (e.g. HTTP_X_REAL_IP).
CLIENT_IP_HEADER: str = env.str("CLIENT_IP_HEADER", default="")
# Exports and feeds (calendars, Atom, CSV, JSON) per client address: each reads many events.
EXPORT_RATE = _rate("EXPORT_RATE", "120/h")


# Django REST framework (the API itself lives in tracker/api/).
API_MAX_BODY_BYTES: int = env.int("API_MAX_BODY_BYTES", default=1_000_000)
# The admin's event import (tracker/interchange/jobs.py): the largest file, what an XLSX may
# unpack to, and the most events in one file. A worker reads and imports the file.
IMPORT_MAX_BYTES: int = env.int("IMPORT_MAX_BYTES", default=20_000_000)
IMPORT_MAX_UNPACKED_BYTES: int = env.int("IMPORT_MAX_UNPACKED_BYTES", default=50_000_000)
IMPORT_MAX_ROWS: int = env.int("IMPORT_MAX_ROWS", default=10_000)
# The admin's export answers in the request: at most IMPORT_MAX_ROWS events, and only for
# those who may view events (`manage.py export_events` writes any number).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Fetching watched sources and "Add from URL" (intake/fetching.py). Only public addresses
# are fetched; FETCH_ALLOW names hosts or networks reachable anyway ("intranet.example",
# "10.20.0.0/16"), for intranet deployments and tests.
FETCH_ALLOW: list[str] = env.list("FETCH_ALLOW", default=[])
FETCH_TIMEOUT: float = env.float("FETCH_TIMEOUT", default=15.0)  # seconds to connect, per read
FETCH_MAX_BYTES: int = env.int("FETCH_MAX_BYTES", default=5_000_000)  # after decompression
FETCH_MAX_REDIRECTS: int = env.int("FETCH_MAX_REDIRECTS", default=5)
FETCH_MAX_ITEMS: int = env.int("FETCH_MAX_ITEMS", default=50)  # new items read per fetch
FETCH_ITEM_ATTEMPTS: int = env.int("FETCH_ITEM_ATTEMPTS", default=3)  # for an item's page
FETCH_MAX_FAILURES: int = env.int("FETCH_MAX_FAILURES", default=6)  # then the source pauses
FETCH_LEASE_SECONDS: int = env.int("FETCH_LEASE_SECONDS", default=900)  # one fetch at most
FETCH_USER_AGENT: str = env.str(
    "FETCH_USER_AGENT", default=f"EngagementTracker/1.0 (+{SITE_URL}; watched sources)"
)
# Seconds extraction may spend on one article before it stops with what it found.
EXTRACTION_TIME_BUDGET: float = env.float("EXTRACTION_TIME_BUDGET", default=10.0)
API_ANON_RATE: str = env.str("API_ANON_RATE", default="600/hour")
API_USER_RATE: str = env.str("API_USER_RATE", default="6000/hour")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tracker.api.permissions.TrackerPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "tracker.api.throttling.AnonThrottle",
        "tracker.api.throttling.UserThrottle",
    ],
    "DEFAULT_PARSER_CLASSES": ["tracker.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "tracker.api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomatic Engagement Tracker API",
    "DESCRIPTION": (
        "Dated events between countries with participants, topics, tags, sources and "
        "figures. Dates are partial: `start` and `end` are ISO prefixes of their precision "
        "(`2025`, `2025-02`, `2025-02-05`). Reads are public when the site is; writes need "
        "the Editors group's permissions (session or `Authorization: Token …`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["tracker.api.permissions.ReadsRecord"],  # as private as the record
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "FigureUnitEnum": "tracker.choices.FigureUnit",
        "ParticipationRoleEnum": "tracker.choices.ParticipationRole",
        "EventStatusEnum": "tracker.choices.EventStatus",
        "DatePrecisionEnum": "tracker.choices.DatePrecision",
        "LinkKindEnum": "tracker.choices.LinkKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.schema.add_error_responses",
    ],
}

TAGGIT_CASE_INSENSITIVE = True

# LOG_FORMAT=json writes one JSON object per line (time, level, logger, message, extras).
LOG_FORMAT: str = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Content Security Policy: scripts only from this site (no inline scripts anywhere);
# inline style attributes are allowed (cards, charts and emails colour by kind).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],  # ReDoc's search runs in a worker
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=SITE_URL.startswith("https"))
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Over https: browsers keep to https for a year, and plain http is redirected.
    SECURE_HSTS_SECONDS = env.int(
        "HSTS_SECONDS", default=31_536_000 if SITE_URL.startswith("https") else 0
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=True)
    SECURE_SSL_REDIRECT = env.bool("SSL_REDIRECT", default=SITE_URL.startswith("https"))
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
