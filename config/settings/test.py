"""Tests: PostgreSQL and Redis on this machine, fast hashing, eager Celery."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, LOGGING, env
from config.settings.replicas import replica_databases

_TEST_REPLICA = "postgres://postgres@127.0.0.1:5433/writing_system"

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/writing_system"
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {
    "NAME": env.str("TEST_DATABASE_NAME", default="test_writing_system")
}
# The streaming standby of this machine's PostgreSQL (`scripts/replica.sh`), for the read-replica
# tests: it mirrors the test database (the same name, on the standby's server). Routing stays
# off unless a test turns it on (`DATABASE_REPLICAS`), so every other test reads the primary.
DATABASES.update(
    replica_databases(
        [env.str("TEST_REPLICA_URL", default=_TEST_REPLICA)],
        DATABASES["default"],
        connect_timeout=2,
    )
)
DATABASE_REPLICAS = []

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/15")
CACHES = {
    "default": {
        **CACHES.get("default", {}),
        "BACKEND": "core.cache.CircuitBreakerRedisCache",
        "LOCATION": REDIS_URL,
        # Each pytest-xdist worker has its own test database, so its own cache keys too.
        "KEY_PREFIX": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"

LOGGING["handlers"].pop("file", None)
LOGGING["root"]["handlers"] = ["console"]
for _logger in LOGGING["loggers"].values():
    _logger["handlers"] = ["console"]
