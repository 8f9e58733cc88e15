"""Every error code accounts answers: login, tokens and users named in input (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    AUTHENTICATION_FAILED = "authentication_failed"
    INVALID_ASSIGNED_WRITER_ID = "invalid_assigned_writer_id"  # user_from_input: the writer named in `assigned_writer_id` is not usable
    INVALID_CLIENT_ID = (
        "invalid_client_id"  # user_from_input: the client named in `client_id` is not usable
    )
    INVALID_WRITER_ID = (
        "invalid_writer_id"  # user_from_input: the writer named in `writer_id` is not usable
    )
    THROTTLED = "throttled"
    TOKEN_NOT_VALID = "token_not_valid"  # noqa: S105 - an error code, not a secret
    USER_ALREADY_ERASED = "user_already_erased"
    USER_ERASURE_BLOCKED = "user_erasure_blocked"
    USER_INACTIVE = "user_inactive"
    USER_NOT_ERASABLE = "user_not_erasable"
    USER_NOT_FOUND = "user_not_found"
    WEBSITE_INACTIVE = "website_inactive"
