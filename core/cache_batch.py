"""Several cache reads and one request counter in a single round trip to Redis.

An authenticated request used to ask the cache one thing at a time: was the token revoked,
then the throttle's history, read and written back. Each is
a round trip, and DRF's throttle history is a list of every request's time in the window,
pickled and sent both ways on every request. `cache_read_and_count` reads any keys and counts
one hit on a counter in one pipeline. The counter's window starts at its first hit and lasts
`window_seconds` (`SET NX EX`, then `INCR`, then `TTL`), so its cost does not grow with the
rate, and no window edge falls inside a burst of requests that started together.

On a cache that is not Redis (the embedded default), plain cache calls do the same. While
Redis is down (or its circuit breaker is open, `core.cache`), the values read as misses and
the count as None: callers serve the request without them, as with every other cache call.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache, caches
from redis.exceptions import RedisError

from core.cache import CircuitBreakerRedisCache

logger = logging.getLogger("core.cache")


@dataclass(frozen=True)
class Counted:
    """The hits counted in the counter's window, this one included, and when it ends."""

    count: int
    resets_in: int  # seconds


def cache_read_and_count(
    keys: Sequence[str], *, counter: str | None = None, window_seconds: int = 60
) -> tuple[dict[str, Any], Counted | None]:
    """Return the values of `keys` the cache holds and, with `counter`, this hit counted."""
    backend = caches["default"]
    if isinstance(backend, CircuitBreakerRedisCache):
        return _redis_read_and_count(backend, keys, counter=counter, window_seconds=window_seconds)
    values = cache.get_many(keys) if keys else {}
    if counter is None:
        return values, None
    cache.add(counter, 0, timeout=window_seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between the two calls: this hit starts a new window
        cache.set(counter, 1, timeout=window_seconds)
        count = 1
    if not isinstance(count, int):  # a backend that ignores its errors answered nothing
        return values, None
    # Backends other than Redis cannot tell a key's time to live; the window's length bounds it.
    return values, Counted(count=count, resets_in=window_seconds)


def _redis_read_and_count(
    backend: CircuitBreakerRedisCache,
    keys: Sequence[str],
    *,
    counter: str | None,
    window_seconds: int,
) -> tuple[dict[str, Any], Counted | None]:
    if backend.circuit_is_open():
        return {}, None
    client = backend.client
    try:
        redis = client.get_client(write=True)
        pipeline = redis.pipeline(transaction=False)
        if keys:
            pipeline.mget([backend.make_key(key) for key in keys])
        if counter is not None:
            counter_key = backend.make_key(counter)
            pipeline.set(counter_key, 0, ex=window_seconds, nx=True)
            pipeline.incr(counter_key)
            pipeline.ttl(counter_key)
        results = pipeline.execute()
    except RedisError:
        logger.exception("Redis failed; serving without the cached values and the count")
        backend.circuit_trip()
        return {}, None
    values: dict[str, Any] = {}
    if keys:
        for key, raw in zip(keys, results[0], strict=True):
            if raw is not None:
                values[key] = client.decode(raw)
        results = results[1:]
    if counter is None:
        return values, None
    _created, count, ttl = results
    return values, Counted(count=int(count), resets_in=max(int(ttl), 0) or window_seconds)
