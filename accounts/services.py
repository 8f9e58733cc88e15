"""Login with failure throttling, and user management writes."""

import logging

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db.models import Q

from accounts.exceptions import InvalidCredentials, LoginThrottled
from accounts.models import User

logger = logging.getLogger(__name__)


def _failure_keys(identifier: str, ip: str) -> tuple[tuple[str, int], tuple[str, int]]:
    return (
        (f"login-failures:user:{identifier.lower()}", settings.LOGIN_MAX_FAILURES_PER_USERNAME),
        (f"login-failures:ip:{ip}", settings.LOGIN_MAX_FAILURES_PER_IP),
    )


def _record_failure(key: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)


def user_login(*, identifier: str, password: str, ip: str) -> User:
    """Authenticate by username or email; too many recent failures answer 429.

    Failures are counted per username and per client IP for a sliding window of
    `LOGIN_FAILURE_WINDOW_SECONDS`; a success clears the username's count.
    """
    keys = _failure_keys(identifier, ip)
    for key, limit in keys:
        failures = cache.get(key) or 0
        if failures >= limit:
            logger.warning("Login throttled for %s", key.split(":")[1])
            raise LoginThrottled(retry_after=settings.LOGIN_FAILURE_WINDOW_SECONDS)

    user = (
        User.objects.select_related("website")
        .filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .first()
    )
    authenticated = authenticate(username=user.username, password=password) if user else None
    if authenticated is None or (authenticated.website_id and not authenticated.website.is_active):
        for key, _limit in keys:
            _record_failure(key)
        raise InvalidCredentials
    cache.delete(keys[0][0])
    return authenticated
