"""Every error code core answers: the API's generic codes (validation, authentication, permissions, conflicts, idempotency) (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    ALREADY_EXISTS = "already_exists"  # a write a unique constraint refused (409)
    AUTHENTICATION_FAILED = "authentication_failed"  # invalid credentials or token (401)
    BAD_REQUEST = "bad_request"  # a request Django refuses to read (400)
    CONFLICT = "conflict"
    DOMAIN_ERROR = "domain_error"
    ERROR = "error"  # any other API exception
    IDEMPOTENCY_KEY_IN_PROGRESS = "idempotency_key_in_progress"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    IN_USE = "in_use"  # a delete other rows still refer to (409)
    INVALID = "invalid"
    INVALID_TRANSITION = "invalid_transition"
    METHOD_NOT_ALLOWED = "method_not_allowed"  # HTTP method not allowed (405)
    NOT_ACCEPTABLE = "not_acceptable"  # unsupported Accept header (406)
    NOT_AUTHENTICATED = "not_authenticated"  # no or an expired token (401)
    NOT_FOUND = "not_found"
    PARSE_ERROR = "parse_error"  # malformed JSON body (400)
    PERMISSION_DENIED = "permission_denied"  # the caller's role may not do this (403)
    REQUEST_TOO_LARGE = "request_too_large"  # body over the upload limit (413)
    SERVER_ERROR = "server_error"  # an unexpected error (500)
    THROTTLED = "throttled"  # too many requests (429)
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"  # body not JSON (415)
