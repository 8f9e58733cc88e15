"""The Redis cache backend, with a circuit breaker in front of a Redis that is down.

django-redis already turns Redis errors into cache misses (`IGNORE_EXCEPTIONS`), so the API keeps
answering from the database. But a Redis that accepts connections and never answers costs every
cache call the whole socket timeout, and one request makes several calls (throttle history,
report versions, cached reports). So after one failed call, this backend answers every call of
the process as a miss, without touching Redis, for `CACHE_CIRCUIT_OPEN_SECONDS`; the first call
after that tries Redis again. A request therefore waits at most one socket timeout.
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted


class CacheCircuitOpen(Exception):
    """Redis failed recently; the call was answered as a miss without trying it."""


class _Circuit:
    def __init__(self) -> None:
        self._open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, seconds: float) -> None:
        with self._lock:
            self._open_until = time.monotonic() + seconds

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


# One circuit per Redis location and process: Django makes a cache backend per thread.
_circuits: dict[str, _Circuit] = {}
_circuits_lock = threading.Lock()


def _circuit_for(server: str) -> _Circuit:
    with _circuits_lock:
        return _circuits.setdefault(server, _Circuit())


def cache_circuits_reset() -> None:
    """Close every circuit (tests, or after an operator fixed Redis and wants no wait)."""
    with _circuits_lock:
        for circuit in _circuits.values():
            circuit.reset()


def cache_circuit_is_open(server: str) -> bool:
    return _circuit_for(server).is_open()


# Client methods that do not talk to Redis (or must always run, like closing connections).
_UNGUARDED = frozenset(
    {
        "close",
        "do_close_clients",
        "connect",
        "disconnect",
        "get_client",
        "get_client_with_index",
        "get_next_client_index",
        "make_key",
        "make_pattern",
        "encode",
        "decode",
    }
)


class _GuardedClient:
    """Proxy to a django-redis client: refuse calls while the circuit is open, trip it on errors."""

    def __init__(self, client, circuit: _Circuit) -> None:
        self._client = client
        self._circuit = circuit

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute) or name in _UNGUARDED:
            return attribute

        def guarded(*args, **kwargs):
            if self._circuit.is_open():
                raise ConnectionInterrupted(connection=None) from CacheCircuitOpen()
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                self._circuit.trip(settings.CACHE_CIRCUIT_OPEN_SECONDS)
                raise

        return guarded


class _QuietWhileOpen(logging.LoggerAdapter):
    """Log the failure that opened the circuit, not every call answered while it is open."""

    def exception(self, msg, *args, **kwargs):
        error = sys.exc_info()[1]
        if error is not None and isinstance(error.__cause__, CacheCircuitOpen):
            return
        super().exception(msg, *args, **kwargs)


class CircuitBreakerRedisCache(RedisCache):
    """django-redis's cache backend with the circuit breaker described above."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._circuit = _circuit_for(str(server))
        self._guarded_client = None
        self.logger = _QuietWhileOpen(self.logger, {})

    def circuit_is_open(self) -> bool:
        return self._circuit.is_open()

    def circuit_trip(self) -> None:
        self._circuit.trip(settings.CACHE_CIRCUIT_OPEN_SECONDS)

    @property
    def client(self):
        if self._guarded_client is None:
            self._guarded_client = _GuardedClient(super().client, self._circuit)
        return self._guarded_client
