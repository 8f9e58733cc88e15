"""Settings shared by every environment; each value comes from the environment (django-environ).

Django itself is configured here; each integration has its module (`environment`, `api`,
`cache`, `celery`, `logging`, `deployment`), imported below.

Every variable read here is listed, with its default, in `.env.example` and the README.
"""

from config.settings.environment import *  # noqa: F403
from config.settings.replicas import replica_databases

INSTALLED_APPS = [
    "accounts.overrides",  # first: its audited createsuperuser/changepassword replace Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "websites",
    "accounts",
    "orders",
    "approvals",
    "order_payments_management",
    "class_management",
    "fines",
    "writer_management",
    "loyalty_management",
    "tip_stats",
    "audit",
    "webhooks",
    "admin_management",
    "deployment",
    "perf",
]

SILK_ENABLED = env.bool("SILK_ENABLED", default=False)

MIDDLEWARE = [
    "core.middleware.RequestBodyLimitMiddleware",  # first: a too large body is a 413 at once
    "core.request_context.RequestIdMiddleware",
    "core.db_routing.RequestRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.RateLimitHeadersMiddleware",
    "core.middleware.ApiNotFoundJsonMiddleware",
]

if SILK_ENABLED:
    INSTALLED_APPS.append("silk")
    MIDDLEWARE.insert(
        MIDDLEWARE.index("core.middleware.RateLimitHeadersMiddleware"),
        "silk.middleware.SilkyMiddleware",
    )
    SILKY_AUTHENTICATION = True
    SILKY_AUTHORISATION = True

    def SILKY_PERMISSIONS(user) -> bool:
        # Superadmins only: recorded requests hold every website's responses.
        return bool(getattr(user, "is_superadmin", False))

    LOGIN_URL = "admin:login"  # silk sends anonymous visitors to the admin login
    # Never record the requests that carry credentials or hand out tokens; mask token fields.
    SILKY_IGNORE_PATHS = ["/api/v1/auth/login/", "/api/v1/auth/refresh/", "/api/v1/auth/logout/"]
    SILKY_SENSITIVE_KEYS = {  # silk's defaults plus the JWT fields
        *("username", "api", "token", "key", "secret", "password", "signature"),
        *("access", "refresh", "authorization"),
    }
    SILKY_PYTHON_PROFILER = env.bool("SILKY_PYTHON_PROFILER", default=False)
    SILKY_MAX_RECORDED_REQUESTS = env.int("SILKY_MAX_RECORDED_REQUESTS", default=10_000)

# Benchmarks: `/api/v1/perf/anchor/`, the smallest authenticated endpoint (JWT, one cache read),
# the ceiling the load test measures every other endpoint against. Never in production.
PERF_ANCHOR = env.bool("PERF_ANCHOR", default=False) and DJANGO_ENV != "production"
# Benchmarks: an `X-Query-Count` header on every response (the SQL queries it took).
QUERY_COUNT_HEADER = env.bool("QUERY_COUNT_HEADER", default=False)
if QUERY_COUNT_HEADER:
    MIDDLEWARE.insert(0, "admin_management.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# Embedded default: with no DATABASE_URL the service runs on a local SQLite file.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )
DATABASES.update(
    replica_databases(
        env.list("DATABASE_REPLICA_URLS", default=[]),
        DATABASES["default"],
        connect_timeout=env.int("REPLICA_CONNECT_TIMEOUT", default=2),
    )
)
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["core.db_routing.PrimaryReplicaRouter"]
# Heavy reads go to a replica only while its replay lag is at most this (seconds), measured at
# most every REPLICA_CHECK_SECONDS per process; a user's reads stay on the primary for
# READ_YOUR_WRITES_SECONDS after they wrote.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=2.0)
READ_YOUR_WRITES_SECONDS = env.int("READ_YOUR_WRITES_SECONDS", default=10)
# Behind PgBouncer in transaction mode a transaction may run on any server connection: no
# server-side cursors (they live in a session). Django's other session settings (time zone,
# encoding) are tracked by PgBouncer per client.
DB_TRANSACTION_POOLING = env.bool("DB_TRANSACTION_POOLING", default=False)
if DB_TRANSACTION_POOLING:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

from config.settings.cache import *  # noqa: F403, E402

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Request limits: a larger body answers 413 before any view runs (core.middleware), as do more
# form fields or files than these (no API input comes near them).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100

from config.settings.api import *  # noqa: E402, F403
from config.settings.celery import *  # noqa: E402, F403
from config.settings.logging import *  # noqa: E402, F403
from config.settings.webhooks import *  # noqa: E402, F403

# Health checks: each dependency gets this long before it counts as down.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)

# Idempotency keys are replayed for this long, then pruned.
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)

# Failed logins (API and admin alike, accounts/login_delays.py): after this many failures in a row
# for one account (its username and email together) or one client IP, each further attempt waits
# 1, 2, 4, ... seconds, at most LOGIN_MAX_DELAY_SECONDS; failures are forgotten
# LOGIN_FAILURE_WINDOW_SECONDS after the last delay ends.
LOGIN_MAX_FAILURES_PER_USERNAME = env.int("LOGIN_MAX_FAILURES_PER_USERNAME", default=5)
LOGIN_MAX_FAILURES_PER_IP = env.int("LOGIN_MAX_FAILURES_PER_IP", default=20)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=300)
LOGIN_MAX_DELAY_SECONDS = env.int("LOGIN_MAX_DELAY_SECONDS", default=300)

from config.settings.deployment import *  # noqa: E402, F403
