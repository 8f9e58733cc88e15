"""The rehearsal's load, against whichever release serves at the moment.

Admins read reports and lists; clients send tips and redemption requests with idempotency keys.

Each request opens its own connection (`Connection: close`), so moving the load from one
gunicorn to another is changing the port the next request connects to; requests in flight
finish where they started. Every answer but a 2xx, and every connection error, is a failure.
Numbers are kept per phase (the orchestrator names the phase).
"""

import http.client
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field

ADMIN_READS = (
    "/api/v1/admin-management/tips/dashboard/?days=30",
    "/api/v1/admin-management/tips/list_tips/?limit=20",
    "/api/v1/writer-management/tips/?limit=20",
    "/api/v1/orders/?limit=20",
    "/api/v1/loyalty-management/redemption-requests/?limit=20",
)
CLIENT_READS = (
    "/api/v1/writer-management/tips/?limit=10",
    "/api/v1/loyalty-management/redemption-requests/?limit=10",
    "/api/v1/auth/me/",
)
TIPS = "/api/v1/writer-management/tips/"
REDEMPTIONS = "/api/v1/loyalty-management/redemption-requests/"


@dataclass
class PhaseNumbers:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


@dataclass
class LoadState:
    phase: str = "warming up"
    port: int = 0
    writes: bool = True
    tips_written: int = 0
    redemptions_written: int = 0
    phases: dict[str, PhaseNumbers] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def numbers(self, phase: str) -> PhaseNumbers:
        return self.phases.setdefault(phase, PhaseNumbers())


class Load:
    """`with Load(actors, port) as load:` runs until the block ends; `load.state` says how."""

    def __init__(self, actors: dict, port: int, *, clients: int = 6, admins: int = 2):
        self.actors = actors
        self.state = LoadState(port=port)
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self._client, args=(token, n), daemon=True)
            for n, token in enumerate(actors["clients"][:clients])
        ] + [
            threading.Thread(target=self._admin, args=(token, n), daemon=True)
            for n, token in enumerate(actors["admins"][:admins])
        ]

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def phase(self, name: str) -> None:
        with self.state.lock:
            self.state.phase = name

    def move_to(self, port: int) -> None:
        """Send every request from now on to `port` (requests in flight finish where they are)."""
        with self.state.lock:
            self.state.port = port

    def pause_writes(self, paused: bool) -> None:
        with self.state.lock:
            self.state.writes = not paused

    def _call(self, token: str, method: str, path: str, body: dict | None = None):
        with self.state.lock:
            port, phase = self.state.port, self.state.phase
        headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
            headers["Idempotency-Key"] = str(uuid.uuid4())
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            with self.state.lock:
                self.state.numbers(phase).failures.append(
                    f"{method} {path} on :{port}: {type(error).__name__}: {error}"
                )
            return None
        finally:
            connection.close()
        with self.state.lock:
            numbers = self.state.numbers(phase)
            numbers.latencies.append(time.monotonic() - started)
            if not 200 <= response.status < 300:
                numbers.failures.append(
                    f"{method} {path} on :{port}: {response.status} {data[:160]!r}"
                )
                return None
        return json.loads(data) if data else {}

    def _client(self, token: str, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            roll = rng.random()
            with self.state.lock:
                writes = self.state.writes
            if writes and roll < 0.2:
                body = {
                    "writer_id": self.actors["writer"],
                    "tip_amount": "2.00",
                    "tip_reason": "Thanks",
                }
                if self._call(token, "POST", TIPS, body) is not None:
                    with self.state.lock:
                        self.state.tips_written += 1
            elif writes and roll < 0.27:
                if (
                    self._call(token, "POST", REDEMPTIONS, {"item_id": self.actors["item"]})
                    is not None
                ):
                    with self.state.lock:
                        self.state.redemptions_written += 1
            else:
                self._call(token, "GET", rng.choice(CLIENT_READS))
            time.sleep(0.02)

    def _admin(self, token: str, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            self._call(token, "GET", rng.choice(ADMIN_READS))
            time.sleep(0.02)
