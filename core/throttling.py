"""Per-user request throttling that reports its state in `X-RateLimit-*` headers."""

from rest_framework.throttling import UserRateThrottle

from core.client_ip import client_ip


class UserRateThrottleWithHeaders(UserRateThrottle):
    """DRF's per-user throttle; remembers limit, remaining and reset for the response headers.

    The history lives in the cache: while Redis is unreachable the cache answers empty and
    throttling is effectively off (requests are served, never refused for that reason).
    """

    def get_ident(self, request):
        """Count anonymous callers by the client address the trusted proxies report."""
        return client_ip(request)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None and hasattr(self, "history"):
            remaining = max(self.num_requests - len(self.history), 0)
            reset = (
                int(self.duration - (self.now - self.history[-1]))
                if self.history
                else self.duration
            )
            request._request.rate_limit = (self.num_requests, remaining, max(reset, 0))
        return allowed
