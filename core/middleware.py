from django.conf import settings
from django.http import JsonResponse

from core.views import json_not_found


class RequestBodyLimitMiddleware:
    """Refuse a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` with 413 before anything reads it.

    First in the middleware list, so no view runs (login included) and nothing is logged as an
    error: Django itself would raise `RequestDataTooBig` wherever the body is first read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if limit is not None and length > limit:
            return request_too_large(limit)
        return self.get_response(request)


def request_too_large(limit: int) -> JsonResponse:
    return JsonResponse(
        {"detail": f"The request body is larger than {limit} bytes.", "code": "request_too_large"},
        status=413,
    )


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
