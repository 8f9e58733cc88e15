"""Shared OpenAPI pieces: the error shape and the responses every endpoint documents."""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="A human-readable message.")
    code = serializers.CharField(help_text="A stable machine-readable code; never reworded.")
    errors = serializers.DictField(
        required=False,
        help_text=(
            "Present for validation errors: the messages per input field, "
            'e.g. `{"amount": ["..."]}`; a nested or list field nests the same way, '
            'e.g. `{"installments": {"0": ["..."]}}`.'
        ),
    )


def _error(description: str, detail: str, code: str, errors: dict | None = None) -> OpenApiResponse:
    value = {"detail": detail, "code": code}
    if errors:
        value["errors"] = errors
    return OpenApiResponse(
        response=ErrorOutput,
        description=description,
        examples=[OpenApiExample(code, value=value, response_only=True)],
    )


ERROR_RESPONSES = {
    400: _error(
        "Invalid input; `errors` names each field.",
        "amount: Ensure this value is greater than or equal to 0.01.",
        "invalid",
        {"amount": ["Ensure this value is greater than or equal to 0.01."]},
    ),
    401: _error(
        "Missing, expired or invalid credentials.",
        "Authentication credentials were not provided.",
        "not_authenticated",
    ),
    403: _error("Your role may not do this.", "Your role may not do this.", "permission_denied"),
    404: _error("Not found, or it belongs to another website.", "No such object.", "not_found"),
    409: _error(
        "The object is not in a state that allows this.",
        "Cannot move this payment from 'completed' to 'processing'.",
        "invalid_transition",
    ),
    422: _error(
        "This Idempotency-Key was used with a different request body.",
        "This Idempotency-Key was already used with a different request.",
        "idempotency_key_reused",
    ),
    429: _error(
        "Too many requests.",
        "Request was throttled. Expected available in 30 seconds.",
        "throttled",
    ),
}


def error_responses(*codes: int) -> dict:
    """Return the documented error responses for the given status codes."""
    return {code: ERROR_RESPONSES[code] for code in codes}


def read_only_schema(
    *,
    tags: list[str],
    output,
    list_summary: str,
    list_description: str,
    list_example: OpenApiExample,
    one_summary: str,
    one_example: OpenApiExample,
) -> dict:
    """`extend_schema_view` arguments of an admin-read list and its rows (list, retrieve)."""
    return {
        "list": extend_schema(
            tags=tags,
            summary=list_summary,
            description=list_description,
            responses={200: output(many=True), **error_responses(400, 401, 403, 404)},
            examples=[list_example],
        ),
        "retrieve": extend_schema(
            tags=tags,
            summary=one_summary,
            responses={200: output, **error_responses(401, 403, 404)},
            examples=[one_example],
        ),
    }


RETRY_AFTER_HEADER = OpenApiParameter(
    name="Retry-After",
    type=int,
    location=OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before trying again.",
)


IDEMPOTENCY_KEY_HEADER = OpenApiParameter(
    name="Idempotency-Key",
    type=str,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "A unique key per intended operation (e.g. a UUID). Retrying with the same key and body "
        "replays the first response for 24 hours; the same key with another body answers 422; "
        "a retry while the first is still running answers 409."
    ),
)
