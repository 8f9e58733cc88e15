from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination as DRFLimitOffsetPagination

from core.numbers import INT64_MAX, ascii_int

LIMIT_DESCRIPTION = (
    "Rows per page: default 50; values outside 1 to 1000 are clamped; not an integer "
    "(ASCII digits): 400."
)
OFFSET_DESCRIPTION = (
    "Rows to skip: default 0; a negative value counts as 0; not an integer (ASCII digits): 400."
)


class LimitOffsetPagination(DRFLimitOffsetPagination):
    """Limit/offset pages of at most 1000 rows (50 by default); the response carries `count`.

    A `limit` or `offset` that is not an integer written in ASCII digits answers 400 naming it;
    an integer out of range is clamped (`limit` into 1 to 1000, `offset` to 0 and up), as the
    admin tip list does.
    """

    default_limit = 50
    max_limit = 1000

    def _integer_param(self, request, name: str, *, low: int, high: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":  # an empty parameter means "not given"
            return None
        value = ascii_int(raw)
        if value is None:
            raise ValidationError({name: ["A valid integer is required."]})
        return min(max(value, low), high)

    def get_limit(self, request) -> int:
        limit = self._integer_param(request, self.limit_query_param, low=1, high=self.max_limit)
        return self.default_limit if limit is None else limit

    def get_offset(self, request) -> int:
        offset = self._integer_param(request, self.offset_query_param, low=0, high=INT64_MAX)
        return 0 if offset is None else offset

    def get_schema_operation_parameters(self, view) -> list[dict]:
        descriptions = {
            self.limit_query_param: LIMIT_DESCRIPTION,
            self.offset_query_param: OFFSET_DESCRIPTION,
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["description"] = descriptions.get(parameter["name"], parameter["description"])
        return parameters
