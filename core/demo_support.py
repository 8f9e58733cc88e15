"""What every app's `demo` module shares: the demo password and stable random data."""

import random

DEMO_PASSWORD = "demo-pass-123"  # noqa: S105 - printed on purpose; demo data only


def demo_random(label: str) -> random.Random:
    """A random generator seeded per app, so demo data is the same on every run."""
    return random.Random(f"writing-system-demo:{label}")
