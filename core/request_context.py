"""Who is asking and which request this is, for the audit log and the logs.

`RequestIdMiddleware` gives every request an id: the caller's `X-Request-ID` when it is a short
token of safe characters (a proxy or the frontend sets it to follow one request through its own
logs), else a new random one. The id is answered in the `X-Request-ID` header, put on every log
record of the request and stored with every audit row it writes. A caller can choose its own id,
so an id correlates; it never proves anything.
"""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served (None outside a request)."""
    return _request_id.get()


def request_id_from(meta: dict) -> str:
    offered = meta.get(_META_KEY, "")
    if isinstance(offered, str) and _ACCEPTED.match(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.META)
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response
