"""Logging: console, JSON lines and an optional file."""

from pathlib import Path

from config.settings.celery import CELERY_TASK_ALWAYS_EAGER
from config.settings.environment import BASE_DIR, DJANGO_ENV, env

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
            "format": "%(asctime)s %(levelname)s %(name)s [path=%(request_path)s user=%(user_id)s request=%(request_id)s] %(message)s"
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_path)s %(user_id)s %(request_id)s",
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
