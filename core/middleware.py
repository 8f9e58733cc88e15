from core.views import json_not_found


class RateLimitHeadersMiddleware:
    """Copy the throttle state recorded during the request into `X-RateLimit-*` headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "rate_limit", None)
        if state is not None:
            limit, remaining, reset = state
            response["X-RateLimit-Limit"] = str(limit)
            response["X-RateLimit-Remaining"] = str(remaining)
            response["X-RateLimit-Reset"] = str(reset)
        return response


class ApiNotFoundJsonMiddleware:
    """Answer an unknown URL under `/api/` in the JSON error shape, with DEBUG on too.

    With DEBUG off Django's `handler404` already answers JSON; with DEBUG on Django would render
    its HTML "page not found" instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return json_not_found(request)
        return response
