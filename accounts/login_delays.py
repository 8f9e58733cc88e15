"""Failed-login delays, shared by the API login and the Django admin login.

An attempt is counted in two buckets: the account (whichever of its username or email was typed;
a name that matches no account gets a bucket of its own, so unknown and known names behave the
same) and the client IP (`core.client_ip`). Each attempt first increments its buckets atomically
(`cache.add`, then `cache.incr`) and only then looks at the count, so concurrent attempts cannot
all slip under a limit. The first `limit - 1` attempts of a bucket since its last success go
straight through. From the `limit`-th on, an attempt must take the bucket's gate, which then stays
closed for 1, 2, 4, ... seconds (at most `LOGIN_MAX_DELAY_SECONDS`): an attempt that finds a gate
closed is answered 429 with the seconds left, without its password being tried, even when it is
right. A success clears the account's bucket and gives back its count in the IP's.

So a guesser gets a few free tries and then ever slower ones, while the owner of an account under
attack waits at most `LOGIN_MAX_DELAY_SECONDS` for their turn. Counts are forgotten
`LOGIN_FAILURE_WINDOW_SECONDS` after the last delay ends. While the cache is down, nothing is
counted and logins are not delayed.
"""

import contextlib
import hashlib
import logging
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from accounts.exceptions import LoginThrottled

logger = logging.getLogger(__name__)

# 2 ** 30 seconds is far above any sensible LOGIN_MAX_DELAY_SECONDS.
_MAX_DOUBLINGS = 30


@dataclass(frozen=True)
class LoginBucket:
    name: str
    limit: int

    @property
    def count_key(self) -> str:
        return f"login:count:{self.name}"

    @property
    def gate_key(self) -> str:
        return f"login:gate:{self.name}"


@dataclass
class LoginAttempt:
    """The buckets an attempt was counted in (none while the cache is down)."""

    account: LoginBucket
    ip: LoginBucket
    counted: list[LoginBucket] = field(default_factory=list)


def login_buckets(*, account_id: int | None, identifier: str, ip: str) -> tuple[LoginBucket, ...]:
    """Return the account's (or the unknown name's) bucket and the client IP's bucket."""
    if account_id is not None:
        account = f"account:{account_id}"
    else:
        digest = hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]
        account = f"name:{digest}"
    return (
        LoginBucket(account, settings.LOGIN_MAX_FAILURES_PER_USERNAME),
        LoginBucket(f"ip:{ip}", settings.LOGIN_MAX_FAILURES_PER_IP),
    )


def _delay_seconds(bucket: LoginBucket, count: int) -> int:
    doublings = min(count - bucket.limit, _MAX_DOUBLINGS)
    return min(2**doublings, settings.LOGIN_MAX_DELAY_SECONDS)


def _seconds_until_open(buckets) -> int:
    """Return how long the most distant closed gate of `buckets` stays closed (0: all open)."""
    gates = cache.get_many([bucket.gate_key for bucket in buckets])
    now = time.time()
    waits = [until - now for until in gates.values() if isinstance(until, int | float)]
    longest = max(waits, default=0)
    return math.ceil(longest) if longest > 0 else 0


def _increment(bucket: LoginBucket) -> int | None:
    """Count one attempt atomically; None when the cache is unavailable."""
    for _ in range(2):
        cache.add(bucket.count_key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        with contextlib.suppress(ValueError):  # it expired between add and incr: once more
            return cache.incr(bucket.count_key)
    return None


def _give_back(bucket: LoginBucket) -> None:
    with contextlib.suppress(ValueError):  # already forgotten
        cache.decr(bucket.count_key)


def _delayed(buckets, wait: int) -> LoginThrottled:
    logger.warning("Login delayed %s s for %s", wait, ", ".join(b.name for b in buckets))
    return LoginThrottled(retry_after=max(wait, 1))


def login_attempt_begin(*, account: LoginBucket, ip: LoginBucket) -> LoginAttempt:
    """Count an attempt in both buckets; raise `LoginThrottled` when it must wait."""
    buckets = (account, ip)
    wait = _seconds_until_open(buckets)
    if wait:
        raise _delayed(buckets, wait)
    attempt = LoginAttempt(account=account, ip=ip)
    counts = {}
    for bucket in buckets:
        count = _increment(bucket)
        if count is None:
            for counted in attempt.counted:
                _give_back(counted)
            attempt.counted = []
            return attempt
        attempt.counted.append(bucket)
        counts[bucket] = count
    taken: list[LoginBucket] = []
    for bucket, count in counts.items():
        delay = _delay_seconds(bucket, count) if count >= bucket.limit else 0
        if delay:
            # Only one attempt per delay: whoever sets the gate goes on, the others wait.
            if not cache.add(bucket.gate_key, time.time() + delay, timeout=delay):
                for gated in taken:
                    cache.delete(gated.gate_key)
                for counted in attempt.counted:
                    _give_back(counted)
                raise _delayed(buckets, _seconds_until_open(buckets))
            taken.append(bucket)
        cache.touch(bucket.count_key, settings.LOGIN_FAILURE_WINDOW_SECONDS + delay)
    return attempt


def login_attempt_succeeded(attempt: LoginAttempt) -> None:
    """Forget the account's failures; the attempt no longer counts against the client IP."""
    if not attempt.counted:
        return
    cache.delete_many([attempt.account.count_key, attempt.account.gate_key])
    _give_back(attempt.ip)
