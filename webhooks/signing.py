"""How a delivery is signed, and how a receiver checks it.

docs/WEBHOOKS.md shows the receiver's side; `verify` here is the same rule, used by the tests.

The signed string is `<timestamp>.<body>`: the Unix time of the attempt, a dot and the exact
bytes of the body. The header `Webhook-Signature` is `t=<timestamp>,v1=<hex HMAC-SHA256>`, with
one `v1=` per secret in force (two during a rotation's overlap). A receiver accepts the request
when one `v1` matches its secret and the timestamp is within its tolerance (five minutes is
usual), which refuses a replay of an old request.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Webhook-Signature"
EVENT_ID_HEADER = "Webhook-Id"
EVENT_TYPE_HEADER = "Webhook-Event"
TIMESTAMP_HEADER = "Webhook-Timestamp"
DEFAULT_TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secrets: list[str], timestamp: int, body: bytes) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={signature(s, timestamp, body)}" for s in secrets)])


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    parts = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in parts if key == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    timestamp = int(timestamps[0])
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, value) for key, value in parts if key == "v1")
