"""A Redis that hangs costs a request one socket timeout, not one per cache call."""

import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from core.cache import cache_circuit_is_open, cache_circuits_reset


@pytest.fixture
def silent_redis():
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()
    cache_circuits_reset()


def _hanging_cache(location: str, *, open_seconds: float = 30):
    config = {
        "default": {
            "BACKEND": "core.cache.CircuitBreakerRedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.3,
                "SOCKET_TIMEOUT": 0.3,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    return override_settings(CACHES=config, CACHE_CIRCUIT_OPEN_SECONDS=open_seconds)


def test_after_one_timeout_every_call_is_a_miss_without_waiting(silent_redis):
    with _hanging_cache(silent_redis):
        cache = caches.create_connection("default")
        started = time.monotonic()
        assert cache.get("a") is None
        first = time.monotonic() - started
        assert cache_circuit_is_open(silent_redis)

        started = time.monotonic()
        results = [cache.get("b"), cache.set("c", 1), cache.add("d", 1), cache.get_many(["e"])]
        rest = time.monotonic() - started

    assert first >= 0.3
    assert results == [None, None, None, {}]
    assert rest < 0.05


def test_the_circuit_closes_again_after_its_open_time(silent_redis):
    with _hanging_cache(silent_redis, open_seconds=0.2):
        cache = caches.create_connection("default")
        cache.get("a")
        assert cache_circuit_is_open(silent_redis)
        time.sleep(0.25)
        assert not cache_circuit_is_open(silent_redis)


def test_a_working_redis_keeps_the_circuit_closed():
    cache = caches["default"]
    cache.set("circuit-probe", "1")
    assert cache.get("circuit-probe") == "1"
    assert not cache_circuit_is_open(str(cache._server))
