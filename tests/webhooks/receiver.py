"""A real HTTP receiver on loopback that records what it gets and answers as told."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """Answers each request with the next of `statuses` (then 200); `delays` likewise."""

    statuses: list = field(default_factory=list)
    delays: list = field(default_factory=list)
    redirect_to: str | None = None
    received: list = field(default_factory=list)
    port: int = 0
    got_one: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def answer(self) -> tuple[int, float]:
        status = self.statuses.pop(0) if self.statuses else 200
        delay = self.delays.pop(0) if self.delays else 0.0
        return status, delay


def start_receiver(**kwargs) -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver(**kwargs)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                receiver.received.append(Received(self.path, dict(self.headers), body))
                status, delay = receiver.answer()
            receiver.got_one.set()
            if delay:
                time.sleep(delay)
            self.send_response(status)
            if 300 <= status < 400 and receiver.redirect_to:
                self.send_header("Location", receiver.redirect_to)
            self.send_header("Content-Type", "application/json")
            payload = b'{"received": true}'
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server
