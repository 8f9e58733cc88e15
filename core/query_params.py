"""Query parameters of a read-only report, validated as a whole."""

from rest_framework.exceptions import ValidationError

UNKNOWN_PARAMETER_MESSAGE = "Unknown query parameter for this report."
# Read by the tenancy layer (`websites.scoping`), not by the report's input serializer.
SHARED_PARAMETERS = frozenset({"website_id"})


def query_params_read(request, input_class, *, context: dict | None = None) -> dict:
    """Validate a report's query parameters with `input_class`; return the validated data.

    A parameter the report does not take is a 400 naming it, reported together with every other
    bad parameter, so a misspelt filter is never silently ignored. An empty parameter
    (`?tip_type=`) means "not given", as a cleared form field sends it.
    """
    data = {key: value for key, value in request.query_params.items() if value != ""}
    params = input_class(data=data, context=context or {})
    errors = {} if params.is_valid() else dict(params.errors)
    for name in sorted(set(data) - set(params.fields) - SHARED_PARAMETERS):
        errors[name] = [UNKNOWN_PARAMETER_MESSAGE]
    if errors:
        raise ValidationError(errors)
    return dict(params.validated_data)
