"""One HTTP POST to a receiver: to the checked address, no redirects, a deadline, a capped read."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from webhooks.exceptions import WebhookUrlRefused
from webhooks.targets import resolved_address, url_parts

SNIPPET_BYTES = 1024
USER_AGENT = "WritingSystem-Webhooks/1"


@dataclass(frozen=True)
class SendResult:
    status: int | None
    body: str
    latency_ms: int
    error: str = ""

    def succeeded(self, timeout_seconds: float) -> bool:
        return (
            self.status is not None
            and 200 <= self.status < 300
            and self.latency_ms <= timeout_seconds * 1000
        )


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connect to the address that was checked, whatever the name resolves to now."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the URL's host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> SendResult:
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, path = url_parts(url)
        address = resolved_address(host, port)
    except WebhookUrlRefused as error:
        return SendResult(None, "", elapsed(), f"refused: {error.message}"[:300])
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address=address, timeout=timeout)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        snippet = response.read(SNIPPET_BYTES).decode("utf-8", errors="replace")
        latency = elapsed()
        error = ""
        if 300 <= response.status < 400:
            error = "redirects are not followed"
        elif latency > timeout * 1000:
            error = f"answered after {latency} ms (limit {int(timeout * 1000)} ms)"
        return SendResult(response.status, snippet, latency, error)
    except (OSError, http.client.HTTPException) as error:
        return SendResult(None, "", elapsed(), f"{type(error).__name__}: {error}"[:300])
    finally:
        connection.close()
