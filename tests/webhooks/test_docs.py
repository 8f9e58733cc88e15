"""docs/WEBHOOKS.md: its verification example works as written, and it names every event type."""

import json
import re

from core.outbox import EVENT_TYPES
from tests.core.subprocesses import REPO
from webhooks.signing import signature_header

DOC = (REPO / "docs" / "WEBHOOKS.md").read_text()


def _verify_example():
    (code,) = re.findall(r"```python\n(.*?)```", DOC, flags=re.DOTALL)
    assert len([line for line in code.splitlines() if line.strip()]) <= 10
    namespace: dict = {}
    exec(compile(code, "docs/WEBHOOKS.md", "exec"), namespace)  # noqa: S102 - our own docs
    return namespace["verify_webhook"]


def test_the_documented_receiver_check_accepts_our_signature_and_refuses_tampering():
    import time

    verify_webhook = _verify_example()
    body = json.dumps({"id": "x", "type": "tip.completed"}).encode()
    now = int(time.time())
    header = signature_header(["whsec_one"], now, body)
    assert verify_webhook("whsec_one", header, body)
    assert not verify_webhook("whsec_two", header, body)
    assert not verify_webhook("whsec_one", header, body + b"\n")
    old = signature_header(["whsec_one"], now - 600, body)
    assert not verify_webhook("whsec_one", old, body)  # a replay past the tolerance
    rotating = signature_header(["whsec_new", "whsec_one"], now, body)
    assert verify_webhook("whsec_one", rotating, body)
    assert verify_webhook("whsec_new", rotating, body)


def test_the_events_table_lists_every_type():
    listed = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", DOC, flags=re.MULTILINE))
    assert listed == set(EVENT_TYPES)
