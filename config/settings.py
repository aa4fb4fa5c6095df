"""Coherence settings, all read from the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_database,
    env_email,
    env_float,
    env_int,
    env_json_object,
    env_list,
    env_redis_url,
    env_str,
    env_time_zone,
    env_url,
)
from config.security import secret_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False)
INSECURE_DEV_KEY = "django-insecure-coherence-local-development-only"
SECRET_KEY = env_str("SECRET_KEY") or INSECURE_DEV_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind TLS in production: one switch turns on every HTTPS-only protection.
HTTPS_ONLY = env_bool("HTTPS_ONLY", default=False)
# A key that is published (the development default, the old docker-compose placeholder),
# short or of few characters signs sessions and reset links anyone could forge: refused at
# start in production and wherever it is set by hand; `check --deploy` says so too.
if (HTTPS_ONLY or SECRET_KEY != INSECURE_DEV_KEY) and (problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}. Set it to a long random value, for example the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For: the client's address is
# that many entries from the right (config/security.py: client_ip). Without a proxy, none.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1) if BEHIND_PROXY else 0
if not 0 <= TRUSTED_PROXIES <= 10:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES={TRUSTED_PROXIES} must be from 0 to 10.")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "config",  # the checks of these settings (config/checks.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "districts",
    "audit",
    "sso",
    "notices",
    "pl_hours",
    "plcs",
    "coaching",
    "subsystems",
    "dashboard",
    "setup",
    "portability",
    "outreach",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Who made each change, for the edit history of the records behind the figures.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "districts.context_processors.navigation",
                "notices.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'coherence.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an eager task writes; IMMEDIATE avoids
    # "database is locked" on concurrent write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "districts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Logs in the person single sign-on matched (it never creates one).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login lockout: by username *and* IP together, so nobody can lock a
# colleague out from elsewhere, and never for longer than the cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client's own address, also behind a proxy (else everyone shares the proxy's).
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
# Password reset links: per e-mail address and per client address, each an hour.
PASSWORD_RESETS_PER_EMAIL = env_int("PASSWORD_RESETS_PER_EMAIL", 3)
PASSWORD_RESETS_PER_ADDRESS = env_int("PASSWORD_RESETS_PER_ADDRESS", 20)

# Single sign-on (OpenID Connect, django-allauth): each district's providers are configured
# on its Settings page; allauth's own sign-up, e-mail and password pages are not used.
ACCOUNT_ADAPTER = "sso.adapter.NoSignupAccountAdapter"
SOCIALACCOUNT_ADAPTER = "sso.adapter.DistrictSocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # only addresses the provider verified are used
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter matches memberships itself
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # a sign-in starts with a POST (CSRF)
SOCIALACCOUNT_STORE_TOKENS = False  # no provider tokens kept
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# Client secrets: SSO_SECRET_* variables, or files of those names in this folder.
SSO_SECRETS_DIR = env_str("SSO_SECRETS_DIR") or None
# Plain-http issuers on this machine (a test or development provider); never in production.
SSO_ALLOW_LOOPBACK_HTTP = env_bool("SSO_ALLOW_LOOPBACK_HTTP", default=False)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_time_zone("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Reports and exports are files: on one machine the default directory does; when web and
# worker run on different machines, point MEDIA_ROOT at shared storage, or name another
# Django storage backend (with its options as a JSON object).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {
        "BACKEND": env_str("STORAGE_BACKEND") or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": env_json_object("STORAGE_OPTIONS"),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("MANIFEST_STATIC", default=True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# E-mail: printed to the console unless a mail server is named (EMAIL_HOST), or another
# backend is (EMAIL_BACKEND). Notices are sent by a Celery task after the commit.
EMAIL_HOST = env_str("EMAIL_HOST", "") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
# The address e-mail comes from; each e-mail names the district it is about as the sender.
DEFAULT_FROM_EMAIL = env_email("DEFAULT_FROM_EMAIL", "coherence@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people reach this installation: links in e-mails and printed by commands are built
# from it, since they are made outside any request.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")

# Content Security Policy: only our own origin; no inline scripts anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "districts.api_base.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coherence API",
    "DESCRIPTION": (
        "A district's mathematics improvement as one system. Every endpoint lives under "
        "/api/v1/d/{district_slug}/ and answers 404 for districts you are not a member of."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name with another's get a name of their own.
    "ENUM_NAME_OVERRIDES": {
        "ReportKindEnum": "dashboard.models.ReportKind",
        "ReportStatusEnum": "dashboard.models.ReportStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Every district endpoint's 403 and 404, from the base they share.
        "districts.api_schema.document_refusals",
    ],
}

# Celery: with REDIS_URL unset, tasks run eagerly in-process (no services
# needed); with it set, a real broker and worker run them.
REDIS_URL = env_redis_url("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Reports are slow and heavy: their own queue, so they never hold up the rollups.
CELERY_TASK_ROUTES = {
    "dashboard.tasks.generate_report": {"queue": "reports"},
    "dashboard.tasks.make_packet_part": {"queue": "reports"},
    "portability.tasks.make_district_export": {"queue": "reports"},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every hand-off to the broker is short: a web request that queues work after its commit
# must answer within a second even when Redis accepts connections and never answers. A
# hand-off that fails leaves its work recorded in the database (dirty weeks) for the beat
# job that drains them every minute. For Redis the transport's socket timeouts bound the
# connect and each command; broker_connection_timeout is the same bound for an AMQP broker.
BROKER_TIMEOUT = env_float("BROKER_TIMEOUT", 0.25)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,  # one more try on a fresh connection, then the beat job's turn
    "interval_start": 0.1,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
# Every task has a hard time limit (this one unless it sets its own). A worker that dies
# leaves its unacknowledged task to be redelivered once the visibility timeout has passed,
# so that timeout must be longer than the longest limit of any task — a district export's
# (portability/tasks.py) — and not much longer. Dirty weeks do not wait for it: the beat
# job drains them every minute.
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
LONGEST_TASK_SECONDS = 1900
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_TIMEOUT,
    "socket_timeout": BROKER_TIMEOUT,
    "visibility_timeout": LONGEST_TASK_SECONDS + 5 * 60,
}

# The audit trail keeps events this many days; a daily beat job purges older ones. The
# database refuses to delete events younger than 30 days whatever this says.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
if AUDIT_RETENTION_DAYS < 30:
    raise ImproperlyConfigured(
        f"AUDIT_RETENTION_DAYS={AUDIT_RETENTION_DAYS} is too short; keep events 30 days or more."
    )

# The shared cache (rate limits): Redis when there is one, with the broker's short timeouts;
# else this process's memory (the embedded mode runs one process).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coherence",
            "OPTIONS": {
                "socket_connect_timeout": BROKER_TIMEOUT,
                "socket_timeout": BROKER_TIMEOUT,
            },
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
