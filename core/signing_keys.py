"""Which signing keys production refuses: short, low-entropy, or published in this repository.

`SECRET_KEY` signs sessions and, unless `JWT_SIGNING_KEY` is set, every JWT: anyone who knows it
can mint an access token for any user id. So a key that has ever been written in this repository
(a default, an example, a build-only or a test key) is public forever, even after it is removed,
and stays in `PUBLISHED_KEYS`. A test scans the repository for keys assigned to `SECRET_KEY` or
`JWT_SIGNING_KEY` and fails on any that production would accept, so a new one cannot slip in.
"""

import itertools
import math
from collections import Counter

MIN_KEY_LENGTH = 50
# Estimated bits over the whole key (Shannon entropy of its characters times its length), and
# distinct characters: a random key of 50 characters has well over 200 bits and 25 symbols.
MIN_KEY_BITS = 128
MIN_DISTINCT_CHARACTERS = 12
# Runs such as "0123456789" or "abcdefgh" mark a typed placeholder; a random key of 50 characters
# from 64 symbols has one of this length with a probability of about 1e-11.
MAX_SEQUENTIAL_RUN = 7

# Every key this repository has ever shipped or used; never remove one.
PUBLISHED_KEYS = frozenset(
    {
        # config/settings/base.py (development default) and .env.example
        "dev-insecure-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
        # docker-compose.yml's former fallback
        "compose-local-only-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
        # Dockerfile's former build-only key (the build now generates a throwaway one)
        "build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        # former test keys
        "prod-test-Zq8#vN2$kR5!mW7^tY4&Zq8#vN2$kR5!mW7^tY4&Zq8#vN2$kR5!mW7^tY4&",
        "kkkkkkkkkkkkkkkkkkkkkkkk-production-signing-key-0123456789",
        "kkkkkkkkkkkkkkkkkkkkkkkk-production-signing-key-0123456789-and-long-enough-for-django-W009",
    }
)

GENERATE_HINT = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'


def _estimated_bits(key: str) -> float:
    counts = Counter(key)
    per_character = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_character * len(key)


def _longest_sequential_run(key: str) -> int:
    longest = run = 1
    for previous, current in itertools.pairwise(key):
        run = run + 1 if ord(current) - ord(previous) == 1 else 1
        longest = max(longest, run)
    return longest


def signing_key_problem(key: str) -> str | None:
    """Return why production must refuse `key`, or None when it is acceptable."""
    if not key:
        return "is empty"
    if key in PUBLISHED_KEYS:
        return "is a key published in this repository"
    if key.startswith("django-insecure-"):
        return "is a key Django generated for development (django-insecure-...)"
    if len(key) < MIN_KEY_LENGTH:
        return f"is {len(key)} characters; use at least {MIN_KEY_LENGTH} random characters"
    if len(set(key)) < MIN_DISTINCT_CHARACTERS or _estimated_bits(key) < MIN_KEY_BITS:
        return "has too little entropy (repeated characters); use random characters"
    if _longest_sequential_run(key) > MAX_SEQUENTIAL_RUN:
        return "contains a typed sequence (such as 0123456789); use random characters"
    return None
