"""The cache: Redis when REDIS_URL is set, else process-local memory."""

from config.settings.environment import env

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

# List counts are kept until a row of the counted model changes (`core.counts`), at most this
# long; 0 counts every page.
COUNT_CACHE_SECONDS = env.int("COUNT_CACHE_SECONDS", default=300)
