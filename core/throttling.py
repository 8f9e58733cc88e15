"""Per-user request throttling that reports its state in `X-RateLimit-*` headers.

A counter per user (or, without a user, per client address) in the cache: the window starts
at the user's first request and lasts the rate's period (`core.cache_batch`). Counting costs
one `INCR` however high the rate, where DRF's own throttle reads and writes the time of every
request in the window. For an authenticated request the count travels with the token checks in
the authentication's one cache round trip; the throttle then only reads it.

While Redis is unreachable nothing can be counted and throttling is effectively off (requests
are served, never refused for that reason).
"""

from dataclasses import dataclass

from rest_framework.throttling import SimpleRateThrottle

from core.cache_batch import Counted, cache_read_and_count
from core.client_ip import client_ip

_COUNTED_ATTRIBUTE = "_request_counted"


@dataclass(frozen=True)
class RequestCounter:
    key: str
    window_seconds: int


class UserRateThrottleWithHeaders(SimpleRateThrottle):
    """Per-user rate (`DEFAULT_THROTTLE_RATES["user"]`); remembers limit, remaining and reset."""

    scope = "user"

    def get_cache_key(self, request, view):
        user = request.user
        ident = user.pk if user and user.is_authenticated else client_ip(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        counted = getattr(request._request, _COUNTED_ATTRIBUTE, {}).get(key)
        if counted is None:
            _values, counted = cache_read_and_count((), counter=key, window_seconds=self.duration)
        if counted is None:  # Redis is down: nothing counted, nothing refused
            counted = Counted(count=1, resets_in=self.duration)
        self.resets_in = counted.resets_in
        remaining = max(self.num_requests - counted.count, 0)
        request._request.rate_limit = (self.num_requests, remaining, counted.resets_in)
        return counted.count <= self.num_requests

    def wait(self):
        return self.resets_in


class PerObjectRateThrottle(UserRateThrottleWithHeaders):
    """A rate per object the path names (`scope` in `DEFAULT_THROTTLE_RATES`), whoever asks.

    For writes that cost far more than a request: the admins of one website share a budget per
    object. The count runs before the object is looked up, so it is kept per object and asking
    website: another website's admin, answered 404, cannot spend this website's budget.
    """

    scope = ""

    def get_cache_key(self, request, view):
        asking = getattr(request.user, "website_id", None) or "all"
        ident = f"{view.kwargs.get('pk')}:{asking}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


def request_counter_for(*, view, user_id) -> RequestCounter | None:
    """The counter this view's per-user throttle will read for the user (None: not throttled)."""
    for throttle_class in getattr(view, "throttle_classes", ()):
        if issubclass(throttle_class, UserRateThrottleWithHeaders):
            throttle = throttle_class()
            if throttle.rate is None:
                return None
            key = throttle.cache_format % {"scope": throttle.scope, "ident": user_id}
            return RequestCounter(key=key, window_seconds=throttle.duration)
    return None


def request_counted_store(request, *, key: str, counted: Counted) -> None:
    """Hand a count made before the throttle ran (by the authentication) to the throttle."""
    django_request = getattr(request, "_request", request)
    stored = getattr(django_request, _COUNTED_ATTRIBUTE, None)
    if stored is None:
        stored = {}
        setattr(django_request, _COUNTED_ATTRIBUTE, stored)
    stored[key] = counted
