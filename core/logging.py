"""Log records carry the request path, the user id and the request id; secrets never reach them."""

import logging

from core.request_context import current_request_id


class RequestContextFilter(logging.Filter):
    """Add `request_path` and `user_id` to every record (`-` when not in a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(record, "request_path", None) or getattr(request, "path", None) or "-"
        user = getattr(request, "user", None)
        record.request_path = path
        record.request_id = getattr(record, "request_id", None) or current_request_id() or "-"
        record.user_id = getattr(record, "user_id", None) or getattr(user, "pk", None) or "-"
        # A request object on the record would let a formatter dump headers (tokens); drop it.
        if request is not None:
            record.request = None
        return True
