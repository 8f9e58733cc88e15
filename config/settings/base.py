"""Settings shared by every environment; each value comes from the environment (django-environ).

Every variable read here is listed, with its default, in `.env.example` and the README.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-insecure-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
)
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The proxies in front of the service, whose X-Forwarded-For hops are believed (core/client_ip.py):
# their networks (CIDRs), and/or how many there are when their addresses are not known in advance.
TRUSTED_PROXIES = [
    str(ipaddress.ip_network(cidr.strip(), strict=False))
    for cidr in env.list("TRUSTED_PROXIES", default=[])
]
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# One currency and one reporting time zone for the whole deployment.
CURRENCY = env.str("CURRENCY", default="USD")
REPORTING_TIME_ZONE = env.str("REPORTING_TIME_ZONE", default="UTC")
# Admin tip reports: read the rollups ("rollups") or aggregate the tip rows live ("tips"), and
# cache each report this many seconds (0: no cache).
TIP_REPORTS_SOURCE = env.str("TIP_REPORTS_SOURCE", default="rollups")
TIP_REPORTS_CACHE_SECONDS = env.int("TIP_REPORTS_CACHE_SECONDS", default=30)

INSTALLED_APPS = [
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
    "order_payments_management",
    "class_management",
    "fines",
    "writer_management",
    "loyalty_management",
    "tip_stats",
    "admin_management",
    "deployment",
]

SILK_ENABLED = env.bool("SILK_ENABLED", default=False)

MIDDLEWARE = [
    "core.middleware.RequestBodyLimitMiddleware",  # first: a too large body is a 413 at once
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else process-local memory. Redis errors are ignored (and
# logged) so the API keeps serving from the database while Redis is down.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
# After a failed Redis call, cache calls are answered as misses without trying Redis this long.
CACHE_CIRCUIT_OPEN_SECONDS = env.float("CACHE_CIRCUIT_OPEN_SECONDS", default=5.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.CircuitBreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ws"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache"

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

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])

# Request limits: a larger body answers 413 before any view runs (core.middleware), as do more
# form fields or files than these (no API input comes near them).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ("accounts.authentication.ActiveWebsiteJWTAuthentication",),
    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",),
    "DEFAULT_PAGINATION_CLASS": "core.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ("core.filters.FilterBackend",),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ("core.throttling.UserRateThrottleWithHeaders",),
    # Failed logins have their own limits (LOGIN_MAX_FAILURES_*, below).
    "DEFAULT_THROTTLE_RATES": {"user": env.str("THROTTLE_USER_RATE", default="1000/min")},
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # JSON nested too deeply or holding strings PostgreSQL cannot store is a 400 (core.parsers).
    "DEFAULT_PARSER_CLASSES": (
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ),
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TOKEN_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    # An empty JWT_SIGNING_KEY (as compose passes it when unset) means "use SECRET_KEY".
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default="") or SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Writing System API",
    "DESCRIPTION": (
        "REST API of a multi-website academic-writing platform: tips with a writer/platform split, "
        "loyalty points and redemption, order payments, class installments and fines. "
        "Authenticate with `POST /api/v1/auth/login/`, then use **Authorize** with the access "
        f"token. Amounts of money are JSON numbers in {CURRENCY}, the deployment's one currency "
        "(`CURRENCY`), rounded to cents."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True, "displayRequestDuration": True},
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        # Payments' `method` and tips' `payment_method` share one choice set: name it once.
        "PaymentMethodEnum": "order_payments_management.models.PaymentMethod",
        # Loyalty ledger rows and milestones both have a `kind`: name each choice set.
        "LoyaltyTransactionKindEnum": "loyalty_management.models.LoyaltyTransactionKind",
        "LoyaltyMilestoneKindEnum": "loyalty_management.models.MilestoneKind",
        # Each role's shape of a row (core.roles) shares its choice sets: keep one name each.
        "ClassBundleOutputStatusEnum": "class_management.models.ClassBundleStatus",
        "FineOutputStatusEnum": "fines.models.FineStatus",
        "OrderPaymentOutputStatusEnum": "order_payments_management.models.PaymentStatus",
        "RedemptionRequestOutputStatusEnum": "loyalty_management.models.RedemptionStatus",
        "WalletTransactionOutputKindEnum": (
            "order_payments_management.models.WalletTransactionKind"
        ),
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
}

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "UTC"
# Periodic tasks (celery beat); each runs a task that is safe to run twice.
CELERY_BEAT_SCHEDULE = {
    "idempotency-keys-prune": {"task": "core.idempotency_keys_prune_task", "schedule": 3600.0},
    "wallets-reconcile": {
        "task": "order_payments_management.wallets_reconcile_task",
        "schedule": 6 * 3600.0,
    },
    "installments-mark-overdue": {
        "task": "class_management.installments_mark_overdue_task",
        "schedule": 3600.0,
    },
    "tip-stats-reconcile": {
        "task": "writer_management.tip_stats_reconcile_task",
        "schedule": 24 * 3600.0,
    },
    "loyalty-points-expire": {
        "task": "loyalty_management.points_expire_task",
        "schedule": 24 * 3600.0,
    },
}

# Logging: the console always (standard error, so commands' own output on stdout stays clean; the
# container runtime keeps both), JSON lines with LOG_FORMAT=json, and a file when LOG_FILE is set
# (by default only in development). Many processes (gunicorn workers, Celery) may append to one
# file, so none of them rotates it: logrotate does, and each process reopens the file once it
# has been moved (WatchedFileHandler).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOG_FILE = env.str(
    "LOG_FILE",
    default="" if DJANGO_ENV == "production" else str(BASE_DIR / "logs" / "app.log"),
)
_log_formatter = "json" if LOG_FORMAT == "json" else "text"
_log_handlers = ["console"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.logging.RequestContextFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [path=%(request_path)s user=%(user_id)s] %(message)s"
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_path)s %(user_id)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": _log_formatter,
            "filters": ["request_context"],
        },
    },
    "root": {"handlers": _log_handlers, "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": _log_handlers, "level": LOG_LEVEL, "propagate": False},
        # Request errors are logged once, by the API error handler, with path and user id.
        "django.request": {"handlers": _log_handlers, "level": "ERROR", "propagate": False},
        "django.db.backends": {
            "handlers": _log_handlers,
            "level": env.str("DB_LOG_LEVEL", default="WARNING"),
            "propagate": False,
        },
        # A worker logs each task it runs; tasks run in-process (eager) would flood the console.
        "celery.app.trace": {
            "handlers": _log_handlers,
            "level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else LOG_LEVEL,
            "propagate": False,
        },
    },
}
if LOG_FILE:
    Path(LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": LOG_FILE,
        "formatter": _log_formatter,
        "filters": ["request_context"],
        "encoding": "utf-8",
    }
    _log_handlers.append("file")

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

# Deployment commands (`preflight`, `backup_db`, `verify_backup`, `restore_db`, `smoke`; see
# docs/DEPLOYMENT.md). They read the environment only through these values.
DEPLOYMENT_REQUIRED_ENV = [
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CORS_ALLOWED_ORIGINS",
]
DEPLOYMENT_OPTIONAL_ENV = ["JWT_SIGNING_KEY"]
DEPLOYMENT_ENV_PRESENT = {
    name: bool(env.str(name, default="").strip())
    for name in [*DEPLOYMENT_REQUIRED_ENV, *DEPLOYMENT_OPTIONAL_ENV]
}
DEPLOYMENT_REQUIREMENTS_FILES = [BASE_DIR / "requirements.txt"]
DEPLOYMENT_MIGRATION_LINT_ALLOWLIST = BASE_DIR / "deployment" / "migration_lint_allowlist.toml"
# Where PostgreSQL's client programs live (pg_dump, pg_restore, psql); empty: found on PATH.
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# The money and points tables (SQL LIKE patterns) whose rows every backup manifest checksums.
BACKUP_CHECKSUM_TABLES = env.list(
    "BACKUP_CHECKSUM_TABLES",
    default=[
        "order_payments_management_wallet%",
        "order_payments_management_orderpayment%",
        "order_payments_management_discount%",
        "class_management_classbundle%",
        "class_management_classinstallment%",
        "fines_fine%",
        "writer_management_tip%",
        "loyalty_management_%",
    ],
)
# Post-deploy smoke test (`manage.py smoke`, `python test_tip_management_endpoints.py`).
SMOKE_BASE_URL = env.str("SMOKE_BASE_URL", default="http://localhost:8000")
SMOKE_TOKEN = env.str("SMOKE_TOKEN", default="")
SMOKE_USERNAME = env.str("SMOKE_USERNAME", default="superadmin")
SMOKE_PASSWORD = env.str("SMOKE_PASSWORD", default="demo-pass-123")
