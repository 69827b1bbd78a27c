"""Settings of the CAMI Portal, read from the environment.

DATABASE_URL   database (default: SQLite file db.sqlite3 in the project)
SECRET_KEY     required unless DEBUG is on; a placeholder (change-me…) is refused
DEBUG          "1"/"true" for development
ALLOWED_HOSTS  comma-separated host names
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Management commands that only read the code sign nothing, so they run without a key (e.g.
# `manage.py makemigrations --check` in a checkout); everything else refuses to start.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "help"}

# The placeholders of the documentation (docs/deploy/portal.env.example) and Django's mark
# of a generated development key: a key that starts with one of them is no secret.
PLACEHOLDER_KEYS = ("change-me", "changeme", "django-insecure")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if SECRET_KEY.strip().lower().startswith(PLACEHOLDER_KEYS):
    raise ImproperlyConfigured(
        "SECRET_KEY is still a placeholder of the documentation: set it to a long random "
        'value (python3 -c "import secrets; print(secrets.token_urlsafe(60))").'
    )
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
    elif (
        len(sys.argv) > 1
        and os.path.basename(sys.argv[0]) == "manage.py"
        and sys.argv[1] in KEYLESS_COMMANDS
    ):
        SECRET_KEY = f"unused-by-{sys.argv[1]}"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off "
            "(set DEBUG=1 for development)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Production hardening: CSP header, sign-in throttling, optional two-factor sign-in.
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The outbox: every e-mail is queued in the database and sent by a worker (core/outbox.py).
    "mailer",
    # Background work (django-tasks, database backend): a large cycle's review files.
    "django_tasks",
    "django_tasks_db",
    # The ground, the rooms, the public pages that combine them, and the roof
    # (docs/architecture.md).
    "core.apps.CoreConfig",
    "programme",
    "species",
    "rangestates",
    "reporting",
    "pages",
    "cami_portal.apps.CamiPortalConfig",
]

MIDDLEWARE = [
    # Cross-origin reads of the public API (core/api/cors.py), first so that every answer
    # carries its headers; under /api/, no redirect to add a slash and every error is
    # problem+json (core/api/problems.py).
    "corsheaders.middleware.CorsMiddleware",
    "core.api.problems.ApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.security.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Names in Content-Language the languages that texts fell back to (core/fallback.py).
    "core.fallback.FallbackLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a refused sign-in (too many failures) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cami_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cami_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, whose health check asks the server only when the connection may
    # have been lost (core/postgresql/base.py): no `SELECT 1` round trip before each request.
    DATABASES["default"]["ENGINE"] = "core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers on the embedded database wait their turn instead of failing with
    # "database is locked": a write transaction takes the lock when it begins (IMMEDIATE, so
    # two readers never deadlock upgrading), waits up to `timeout` seconds for it, and
    # readers do not block the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Interface languages: English (default), French, Russian.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates with the month's name in the page's language and 24 h times, never all-numeric;
# thousands grouped as each language writes them (cami_portal/formats/<language>/).
FORMAT_MODULE_PATH = ["cami_portal.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Content translations (django-modeltranslation): the resolution's French text and our
# English and Russian translations are shipped; any missing language falls back to English,
# then French.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr")}

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# History: every change is kept; reverting through the history page is off, so that every
# status change goes through the same rules (programme.services.set_status).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Import/export: importing needs the change permission, exporting the view permission; an
# import runs in one transaction (all rows or none).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Focal points sign in at the site's login page (the secretariat may use it or /admin/).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reporting:start"
LOGOUT_REDIRECT_URL = "programme:home"
# An invitation or password-reset link stays valid this long (seconds).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", 7 * 24 * 3600))

# The portal's public address, for links in e-mails sent outside a request (reminders).
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# A form refused for its CSRF token gets a page in the portal's frame (core/errors.py).
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

# E-mail: every message goes into the outbox (django-mailer's queue, in the database, in the
# same transaction as the change it reports); `manage.py send_queued_mail` sends it and
# retries what failed (core/outbox.py). It sends through SMTP, configured from the
# environment, or prints on the console in development.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CAMI Portal <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = "mailer.backend.DbBackend"
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILER_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# A failure defers the message (kept, shown in the admin) whatever the error; deferred mail
# is tried again every MAIL_RETRY_MINUTES. Rows are locked per message (several workers on
# PostgreSQL never send one twice), so django-mailer's lock file is not used.
MAILER_ERROR_HANDLER = "core.outbox.defer_on_error"
MAILER_USE_FILE_LOCK = False

# Background tasks (django-tasks, database backend; worker: `manage.py db_worker`): the review
# of a cycle with REVIEW_BACKGROUND_FROM accepted reports (docs/review.md, docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REVIEW_BACKGROUND_FROM = int(os.environ.get("REVIEW_BACKGROUND_FROM", "300"))
REVIEW_WORKER_WAIT_SECONDS = int(os.environ.get("REVIEW_WORKER_WAIT_SECONDS", "120"))
MAILER_EMAIL_LOG_MESSAGE_DATA = False  # a sent password link is not kept in the log
MAIL_RETRY_MINUTES = int(os.environ.get("MAIL_RETRY_MINUTES", "5"))

# The empty choice of every filter's menu (the public lists, the review queue) reads "any",
# not "---------": django-filter's choice filters and core.api.filters.CodeField read it.
FILTERS_EMPTY_CHOICE_LABEL = _("any")

# The REST API (/api/v1/, documented at /api/docs/): DRF, CORS and the schema's settings.
from cami_portal.api_settings import (  # noqa: E402, F401  (settings Django reads)
    API_PAGES_FOR_PEOPLE,
    API_PATH_PREFIX,
    CORS_ALLOW_ALL_ORIGINS,
    CORS_ALLOW_CREDENTIALS,
    CORS_ALLOW_HEADERS,
    CORS_ALLOW_METHODS,
    CORS_EXPOSE_HEADERS,
    CORS_PUBLIC_READS_REGEX,
    CORS_URLS_REGEX,
    REST_FRAMEWORK,
    SPECTACULAR_SETTINGS,
)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# --- Production hardening (docs/deployment.md) -------------------------------------------
# HTTPS, secure by default: with DEBUG off, plain HTTP is redirected to HTTPS (except the
# probes, for a load balancer) and HSTS (a year, subdomains, preload) is sent, so that
# `manage.py check --deploy` reports nothing. Behind a proxy that terminates TLS, the proxy
# says so with X-Forwarded-Proto (trusted by gunicorn from FORWARDED_ALLOW_IPS, or by Django
# with SECURE_PROXY_SSL_HEADER=1). SECURE_SSL_REDIRECT=0 only where the proxy redirects by
# itself and cannot say the request came over HTTPS (docs/deployment.md), and for the test
# client, which speaks plain HTTP (tests/conftest.py).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Sessions end after this much inactivity (core.security.SessionIdleTimeoutMiddleware);
# logging out deletes the session on the server.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60

# Content-Security-Policy (django-csp): nothing inline, nothing from another origin. Scripts
# and styles are static files; templates carry no <script> body, style="" or on...= handler.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws its form and menu icons as data: SVG images in its CSS.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if os.environ.get("CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["CSP_REPORT_URI"]]

# Cache: Redis when REDIS_URL is set (django-redis's backend), shared by every worker and
# server: sessions, the API's rate limits and cached reads use it. Without Redis, production
# falls back to the database (`manage.py createcachetable` once); development and the test
# suite, single processes, use local memory. CACHE_BACKEND=redis|database|locmem overrides.
REDIS_URL = os.environ.get("REDIS_URL", "")
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
CACHE_BACKEND = os.environ.get("CACHE_BACKEND") or (
    "redis" if REDIS_URL else "locmem" if (DEBUG or TESTING) else "database"
)
if CACHE_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("CACHE_BACKEND=redis needs REDIS_URL (redis://host:6379/0).")
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cami",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    # Sessions are read from Redis and kept in the database too (they survive a Redis restart).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cami_cache",
        }
    }
elif CACHE_BACKEND == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("CACHE_BACKEND must be redis, database or locmem.")

# Cached public pages for anonymous visitors (core/readcache.py) stay in the cache above
# until the data behind them changes, READ_CACHE_SECONDS at most.
READ_CACHE = os.environ.get("READ_CACHE", "1") not in ("0", "false", "no", "off")
READ_CACHE_SECONDS = int(os.environ.get("READ_CACHE_SECONDS", "300"))

# Sign-in throttling (django-axes) on every password sign-in: the site, the admin and any API
# endpoint that takes a password. After AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is refused for the cool-off time (429 with a page); a success
# resets the count. Lockouts are listed (and can be lifted) in the admin or with
# `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "core.security.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP apps such as FreeOTP or Google Authenticator, plus
# one-time backup codes): staff enrol a device in the admin; with ADMIN_REQUIRE_2FA=1 the
# admin lets in only those who signed in with their device.
OTP_ADMIN_REQUIRED = env_bool("ADMIN_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "CAMI Portal"

# Backups (manage.py backup_portal / restore_portal): JSON fixtures with exact times.
SERIALIZATION_MODULES = {"portaljson": "core.serializers"}

# A refused request (4xx) is one line in the log; server errors keep their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusals": {"()": "core.logs.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
