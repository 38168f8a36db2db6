"""The one settings module, configured by environment variables.

DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CSRF_TRUSTED_ORIGINS come from the
environment; without them the site runs as a local demo on SQLite under ``var/``.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", False)
# The fallback key only serves local runs (DEBUG=1, as `make demo` sets) and the test suite
# (pytest sets PYTEST_VERSION). Anything else without DEBUG is production: it must not start
# with a key that is printed here for everyone to read. CADREX_REQUIRE_SECRET=1 also demands
# it with DEBUG on.
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if _env_bool("CADREX_REQUIRE_SECRET", False) or not (DEBUG or os.environ.get("PYTEST_VERSION")):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random key, e.g. "
            "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "for a local run set DEBUG=1 (make demo does)."
        )
    SECRET_KEY = "cadrex-insecure-local-only-key-change-me"

# The demo city's conveniences (fast-forward through steps). Never set in production.
CADREX_DEMO = _env_bool("CADREX_DEMO", False)

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Named partials ({% partialdef %}): an htmx fragment is a named part of its page.
    "template_partials",
    "axes",
    "csp",
    # Background jobs (ADR 0010): the task API and its database backend (manage.py db_worker).
    "django_tasks",
    "django_tasks_db",
    "cadrex.accounts",
    "cadrex.audit",
    "cadrex.jobs",
    "cadrex.registry",
    "cadrex.campaigns",
    "cadrex.competition",
    "cadrex.exchange",
    "cadrex.organisation",
    # Notices to each person: inbox, email, SMS (issue 15, ADR 0013).
    "cadrex.notifications",
    "cadrex.notices",
    "cadrex.home",
    "cadrex.demo",
]

MIDDLEWARE = [
    # Forwarded headers count only from a trusted proxy (CADREX_TRUSTED_PROXIES, below):
    # before SecurityMiddleware asks whether the request came over HTTPS.
    "cadrex.web_security.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cadrex.web_security.ContentSecurityPolicyMiddleware",
    # Oversized bodies (413) and NUL/control characters (400) stop here, before any view,
    # form or database sees them.
    "cadrex.web_security.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The role the session chose (one person, several roles: ADR 0014), in memory only.
    "cadrex.accounts.middleware.ActiveRoleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # One user name's failures across every address slow further tries (growing delays).
    "cadrex.accounts.throttle.LoginThrottleMiddleware",
    # Axes last: it needs the authenticated user and must see every login attempt.
    "axes.middleware.AxesMiddleware",
    # The demo (DEBUG=1) shows a view's 404 as production does, in Chinese.
    "cadrex.web_security.DemoNotFoundMiddleware",
]

ROOT_URLCONF = "cadrex.urls"
WSGI_APPLICATION = "cadrex.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cadrex" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cadrex.accounts.context.role_nav",
                "cadrex.notifications.context.inbox",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'cadrex.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# Several checkouts (or agents) may run the suite against one PostgreSQL server at once.
if os.environ.get("CADREX_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["CADREX_TEST_DB"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several browser tabs (or gunicorn workers) write at once: wait for the write lock
    # instead of failing, and take it at BEGIN so that a read-then-write (the hearing's
    # chain, a person's one application) cannot interleave with another writer.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["timeout"] = 20
    options["transaction_mode"] = "IMMEDIATE"
    # The background worker (ADR 0010) reads and writes beside the server: with the
    # write-ahead log, readers never wait for a writer (a page is not held up by an import).
    options["init_command"] = "PRAGMA journal_mode=WAL;"

# Caches. "default" is Django's own (per process). "public" holds the rendered public notices
# (cadrex/notices/cache.py): per process too, since each page is keyed by the audit log's head,
# which every worker reads from the database — a publish refreshes every worker at once.
# Its TIMEOUT only bounds a change made outside the services (the admin, a shell). The test
# suite shares one process across tests whose databases roll back (SQLite reuses ids): there
# the public cache is a dummy, and tests/notices/ turns it on with a clean store.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public": (
        {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        if os.environ.get("PYTEST_VERSION")
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cadrex-public",
            "TIMEOUT": int(os.environ.get("CADREX_PUBLIC_CACHE_SECONDS", "300")),
            "OPTIONS": {"MAX_ENTRIES": 100},  # the notices (and the 任前公示 PDF), latest editions
        }
    ),
}

# Background jobs (ADR 0010): tasks are rows in this database, run by `manage.py db_worker`
# (make demo and make serve start one beside the server; docs/operations.md for production).
# The tests run them in-process with cadrex.jobs.worker.run_pending_tasks.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CADREX_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Notifications (issue 15, ADR 0013; docs/operations.md). The inbox always works; email goes
# out through Django's SMTP backend once EMAIL_HOST is set, SMS once CADREX_SMS_URL is set.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# For EMAIL_BACKEND=…filebased.EmailBackend (make demo): one file per message.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cadrex@localhost")
CADREX_EMAIL_ENABLED = bool(EMAIL_HOST) or _env_bool("CADREX_EMAIL_ENABLED", False)
# The site's address, for links in emails and SMS (e.g. https://jgjl.example.gov.cn).
CADREX_SITE_URL = os.environ.get("CADREX_SITE_URL", "").rstrip("/")
CADREX_SMS_URL = os.environ.get("CADREX_SMS_URL", "")
CADREX_SMS_TEMPLATE = os.environ.get("CADREX_SMS_TEMPLATE", "【{sign}】{title}：{body}")
CADREX_SMS_PAYLOAD = os.environ.get(
    "CADREX_SMS_PAYLOAD", '{"mobile": "{mobile}", "content": "{message}"}'
)
CADREX_SMS_SIGN = os.environ.get("CADREX_SMS_SIGN", "竞岗交流")
CADREX_SMS_AUTH_HEADER = os.environ.get("CADREX_SMS_AUTH_HEADER", "")  # "Name: value"
CADREX_SMS_TIMEOUT = float(os.environ.get("CADREX_SMS_TIMEOUT", "10"))
CADREX_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("CADREX_NOTIFY_MAX_ATTEMPTS", "4"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Reached only when axes let the attempt through: marks that a password is checked, so a
    # failure counts towards the user name's limit (cadrex/accounts/throttle.py).
    "cadrex.accounts.throttle.PasswordCheckedMarker",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"


def _trusted_proxies(raw: str) -> int | tuple[str, ...] | None:
    """CADREX_TRUSTED_PROXIES: empty (no proxy: the client is REMOTE_ADDR), a count of proxies
    in front of gunicorn (``1`` for one nginx), or their addresses/networks, comma-separated
    (``127.0.0.1,10.0.0.0/8``). See docs/operations.md."""
    raw = raw.strip()
    if not raw or raw == "0":
        return None
    if raw.isdigit():
        return int(raw)
    entries = tuple(part.strip() for part in raw.split(",") if part.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"CADREX_TRUSTED_PROXIES: {entry!r} is neither a count nor an address/network"
            ) from None
    return entries


CADREX_TRUSTED_PROXIES = _trusted_proxies(os.environ.get("CADREX_TRUSTED_PROXIES", ""))

# Lockout (django-axes): 5 failures for one username from one client address lock that pair
# for 30 min. The client address is the real one behind a trusted proxy (web_security).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "cadrex.web_security.client_ip"
# One user name's failures across all addresses (cadrex/accounts/throttle.py): after
# CADREX_LOGIN_USER_LIMIT failures within the window, a device that has not logged in as that
# user before waits between tries, doubling from the base delay up to the cap. A device that
# has (its signed cookie) is exempt; quiet for a whole window, the count starts again.
CADREX_LOGIN_USER_LIMIT = int(os.environ.get("CADREX_LOGIN_USER_LIMIT", "10"))
CADREX_LOGIN_WINDOW_MINUTES = int(os.environ.get("CADREX_LOGIN_WINDOW_MINUTES", "60"))
CADREX_LOGIN_DELAY_SECONDS = int(os.environ.get("CADREX_LOGIN_DELAY_SECONDS", "60"))
CADREX_LOGIN_DELAY_CAP_SECONDS = int(os.environ.get("CADREX_LOGIN_DELAY_CAP_SECONDS", "900"))
CADREX_DEVICE_COOKIE_DAYS = 180

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "cadrex" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _env_bool("CADREX_MANIFEST_STATIC", False)  # production: 1, after collectstatic
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
# Request size: a body over CADREX_MAX_REQUEST_MB is refused (413) before it is read, so it is
# never spooled to disk; nginx's client_max_body_size should say the same (docs/operations.md).
# Within it: form fields (everything but files) at most 5 MB, uploads above 5 MB go to a
# temporary file instead of memory, at most 1,000 fields and 20 files.
CADREX_MAX_REQUEST_MB = int(os.environ.get("CADREX_MAX_REQUEST_MB", "25"))
CADREX_MAX_REQUEST_BYTES = CADREX_MAX_REQUEST_MB * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = min(5 * 1024 * 1024, CADREX_MAX_REQUEST_BYTES)
FILE_UPLOAD_MAX_MEMORY_SIZE = min(5 * 1024 * 1024, CADREX_MAX_REQUEST_BYTES)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
# SECURE_COOKIES=1: the site is served over HTTPS (nginx in front, docs/operations.md). Every
# cookie (session, CSRF, a juror's device binding, the login device cookie) is HTTPS-only,
# plain HTTP is redirected, and browsers are told to use HTTPS only (HSTS). The proxy says a
# request came over HTTPS with X-Forwarded-Proto, which counts only from a trusted proxy.
SECURE_COOKIES = _env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if SECURE_COOKIES:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's plain-HTTP probe
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CADREX_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("CADREX_HSTS_SUBDOMAINS", True)
    # Preloading is a promise for the whole domain that cannot be taken back quickly: off
    # unless CADREX_HSTS_PRELOAD=1 (so check --deploy's reminder about it is silenced).
    SECURE_HSTS_PRELOAD = _env_bool("CADREX_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and
# fonts. Inline <script> blocks and on…= handlers that the templates carry verbatim are allowed
# by their hashes (added per response by web_security.ContentSecurityPolicyMiddleware), never
# by 'unsafe-inline'. No template carries a style="" attribute (classes in site.css), so none is
# allowed; <style> elements need a hash like scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'none'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
