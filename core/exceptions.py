"""Domain errors and the one API error shape: `{"detail", "code", "errors"?}`."""

import logging
import math
import re

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.staticfiles import StaticFilesNotCollected

logger = logging.getLogger("core.api")


class DomainError(Exception):
    """A business rule refused the request; the API renders `code` and the message.

    `field` names the input the rule is about, so the response carries it in `errors`.
    """

    status_code = 400
    code = "domain_error"
    default_message = "The request was refused."

    def __init__(
        self, message: str | None = None, *, field: str | None = None, code: str | None = None
    ):
        self.message = message or self.default_message
        self.field = field
        if code:
            self.code = code
        super().__init__(self.message)


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    default_message = "Not found."


class Conflict(DomainError):
    """The object is not in a state that allows this; someone may have acted first."""

    status_code = 409
    code = "conflict"
    default_message = "The request conflicts with the current state."


class InvalidTransition(Conflict):
    code = "invalid_transition"

    def __init__(self, *, current: str, target: str, what: str = "object"):
        super().__init__(f"Cannot move this {what} from '{current}' to '{target}'.")


def _error_payload(detail: str, code: str, errors: dict | None = None) -> dict:
    payload = {"detail": detail, "code": code}
    if errors:
        payload["errors"] = errors
    return payload


def _flatten_validation(detail) -> dict:
    """Turn DRF's validation detail into `{field: [messages]}`."""
    if isinstance(detail, dict):
        return {key: _as_messages(value) for key, value in detail.items()}
    return {"non_field_errors": _as_messages(detail)}


def _as_messages(value):
    if isinstance(value, dict):
        return {key: _as_messages(item) for key, item in value.items()}
    if isinstance(value, list):
        if any(isinstance(item, dict) for item in value):
            return [_as_messages(item) for item in value]
        return [str(item) for item in value]
    return [str(value)]


def _first_message(errors: dict) -> str:
    for field, messages in errors.items():
        first = messages[0] if isinstance(messages, list) and messages else messages
        if isinstance(first, dict):
            return f"Invalid input for '{field}'."
        return f"{field}: {first}" if field != "non_field_errors" else str(first)
    return "Invalid input."


def _request_context(context) -> tuple[str, object]:
    request = context.get("request") if context else None
    if request is None:
        return "-", None
    user = getattr(request, "user", None)
    return request.path, getattr(user, "pk", None)


def _with_retry_after(response: Response, exc) -> Response:
    """Tell a throttled client when to retry: every 429 carries `Retry-After` (whole seconds).

    DRF's own `Throttled` sets it from `wait`; a domain error sets `retry_after`.
    """
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and "Retry-After" not in response:
        wait = getattr(exc, "retry_after", None) or getattr(exc, "wait", None) or 1
        response["Retry-After"] = str(max(math.ceil(wait), 1))
    return response


# Unique violations: PostgreSQL's SQLSTATE, its detail ("Key (website_id, code)=(...) already
# exists."), and SQLite's message ("UNIQUE constraint failed: table.website_id, table.code").
UNIQUE_VIOLATION = "23505"
_PG_KEY_COLUMNS = re.compile(r"Key \((?P<columns>[^)]*)\)=")
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>.*)")


def unique_violation_columns(exc: IntegrityError) -> list[str] | None:
    """Return the columns of the unique constraint `exc` violated; None for another violation."""
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate == UNIQUE_VIOLATION:
        detail = getattr(getattr(cause, "diag", None), "message_detail", None) or ""
        match = _PG_KEY_COLUMNS.search(detail)
        columns = match["columns"].split(", ") if match else []
    elif match := _SQLITE_UNIQUE.search(str(exc)):
        columns = [column.rsplit(".", 1)[-1] for column in match["columns"].split(", ")]
    else:
        return None
    columns = [column.strip('"') for column in columns]
    # Every website-owned row is unique per website: the website is not what the caller got wrong.
    return [column for column in columns if column != "website_id"] or columns


def _conflict_response(exc) -> Response | None:
    """Answer a write the database refused because of other rows: 409 in the error shape."""
    if isinstance(exc, ProtectedError | RestrictedError):
        protected = isinstance(exc, ProtectedError)
        objects = exc.protected_objects if protected else exc.restricted_objects
        names = sorted({str(obj._meta.verbose_name_plural) for obj in objects})
        detail = f"Other records still refer to it ({', '.join(names)}); it cannot be deleted."
        return Response(_error_payload(detail, "in_use"), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        columns = unique_violation_columns(exc)
        if columns is None:
            return None
        message = "Another record with this value was written at the same time."
        errors = {column: [message] for column in columns}
        detail = _first_message(errors) if errors else message
        return Response(
            _error_payload(detail, "already_exists", errors), status=status.HTTP_409_CONFLICT
        )
    return None


def _refused_request_response(exc) -> Response | None:
    """Answer a request Django refuses to read (too large, too many fields) in the error shape."""
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return Response(
            _error_payload("The request is too large.", "request_too_large"),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):
        return Response(_error_payload("Bad request.", "bad_request"), status=400)
    return None


def api_exception_handler(exc, context):
    """Render every error, expected or not, as the API's JSON error shape."""
    if isinstance(exc, StaticFilesNotCollected):
        return None  # a deployment error, not the view's: its middleware answers 503
    if isinstance(exc, DomainError):
        errors = {exc.field: [exc.message]} if exc.field else None
        response = Response(_error_payload(exc.message, exc.code, errors), status=exc.status_code)
        return _with_retry_after(response, exc)
    refused = _conflict_response(exc) or _refused_request_response(exc)
    if refused is not None:
        return refused
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {
                field: [m for e in errs for m in e.messages]
                for field, errs in exc.error_dict.items()
            }
        else:
            errors = {"non_field_errors": list(exc.messages)}
        return Response(_error_payload(_first_message(errors), "invalid", errors), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        path, user_id = _request_context(context)
        logger.exception(
            "Unhandled error on %s (user %s)",
            path,
            user_id,
            extra={"request_path": path, "user_id": user_id},
        )
        response = Response(
            _error_payload("A server error occurred.", "server_error"),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
        # Logged above with the traceback; Django's request logger need not log it again.
        response._has_been_logged = True
        return response

    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten_validation(exc.detail)
        response.data = _error_payload(_first_message(errors), "invalid", errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        if isinstance(detail, dict) and "detail" in detail:
            # simplejwt's token errors carry `{"detail", "code", "messages"}`: keep the first two.
            response.data = _error_payload(
                str(detail["detail"]), str(detail.get("code", "authentication_failed"))
            )
        elif isinstance(detail, dict):
            errors = _flatten_validation(detail)
            response.data = _error_payload(
                _first_message(errors), str(code if isinstance(code, str) else "invalid"), errors
            )
        else:
            response.data = _error_payload(str(detail), code if isinstance(code, str) else "error")
    if response.status_code >= 500:
        path, user_id = _request_context(context)
        logger.error(
            "Server error %s on %s (user %s)",
            response.status_code,
            path,
            user_id,
            extra={"request_path": path, "user_id": user_id},
        )
        response._has_been_logged = True
    return _with_retry_after(response, exc)
