"""The API's list pages: limit/offset with `count`, or keyset pages for `?cursor=`."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.pagination import LimitOffsetPagination as DRFLimitOffsetPagination

from core.counts import rows_count
from core.numbers import INT64_MAX, ascii_int

LIMIT_DESCRIPTION = (
    "Rows per page: default 50; values outside 1 to 1000 are clamped; not an integer "
    "(ASCII digits): 400."
)
OFFSET_DESCRIPTION = (
    "Rows to skip: default 0; a negative value counts as 0; not an integer (ASCII digits): 400. "
    "Not with `cursor`."
)
CURSOR_DESCRIPTION = (
    "Keyset pages, as fast deep into a large list as at its start: send `cursor=` (empty) for "
    "the first page, then follow `next` and `previous`. The answer has no `count`. A cursor "
    "that was not handed out by this list: 400."
)
INVALID_CURSOR = "This cursor was not handed out by this list."


def _integer_param(request, name: str, *, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":  # an empty parameter means "not given"
        return None
    value = ascii_int(raw)
    if value is None:
        raise ValidationError({name: ["A valid integer is required."]})
    return min(max(value, low), high)


class KeysetPagination(CursorPagination):
    """Pages by position (keyset) for `?cursor=`: as fast at the millionth row as at the first.

    The ordering is the list's own (its queryset's, else the model's) when it orders by the
    model's own columns, else newest first (`-pk`); the position is taken from its first column, and rows sharing a position are told apart by an offset inside the
    cursor (DRF's cursor pagination). A cursor that does not decode, or whose position does not
    fit the column, is a 400 naming `cursor`.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "limit"

    def __init__(self, *, default_limit: int, max_limit: int) -> None:
        self.page_size, self.max_page_size = default_limit, max_limit

    def get_page_size(self, request) -> int:
        limit = _integer_param(request, "limit", low=1, high=self.max_page_size)
        return self.page_size if limit is None else limit

    def get_ordering(self, request, queryset, view):
        ordering = tuple(queryset.query.order_by or queryset.model._meta.ordering or ())
        if ordering and all(self._own_column(queryset.model, item) for item in ordering):
            return ordering
        # Ordered by another table's column or an expression: no position to take from a row.
        return ("-pk",)

    @staticmethod
    def _own_column(model, item) -> bool:
        if not isinstance(item, str) or "__" in item:
            return False
        name = item.lstrip("-")
        if name == "pk":
            return True
        try:
            return model._meta.get_field(name).concrete
        except FieldDoesNotExist:
            return False

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        return cursor

    def _check_position(self, queryset, cursor) -> None:
        column = self.ordering[0].lstrip("-")
        meta = queryset.model._meta
        field = meta.pk if column == "pk" else meta.get_field(column)
        try:
            field.to_python(cursor.position)
        except DjangoValidationError:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        self.ordering = self.get_ordering(request, queryset, view)
        cursor = self.decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            self._check_position(queryset, cursor)
        return super().paginate_queryset(queryset, request, view)


class LimitOffsetPagination(DRFLimitOffsetPagination):
    """Limit/offset pages of at most 1000 rows (50 by default); the response carries `count`.

    A `limit` or `offset` that is not an integer written in ASCII digits answers 400 naming it;
    an integer out of range is clamped (`limit` into 1 to 1000, `offset` to 0 and up), as the
    admin tip list does. `count` comes from the cache while the counted rows did not change
    (`core.counts`). With `cursor` in the query the list pages by position instead
    (`KeysetPagination`): `next`, `previous` and `results`, no `count`.
    """

    default_limit = 50
    max_limit = 1000
    keyset: KeysetPagination | None = None

    def paginate_queryset(self, queryset, request, view=None):
        if KeysetPagination.cursor_query_param not in request.query_params:
            return super().paginate_queryset(queryset, request, view)
        if request.query_params.get(self.offset_query_param):
            raise ValidationError(
                {self.offset_query_param: ["Use either offset or cursor, not both."]}
            )
        self.keyset = KeysetPagination(default_limit=self.default_limit, max_limit=self.max_limit)
        return self.keyset.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset is not None:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_count(self, queryset) -> int:
        return rows_count(queryset)

    def get_limit(self, request) -> int:
        limit = _integer_param(request, self.limit_query_param, low=1, high=self.max_limit)
        return self.default_limit if limit is None else limit

    def get_offset(self, request) -> int:
        offset = _integer_param(request, self.offset_query_param, low=0, high=INT64_MAX)
        return 0 if offset is None else offset

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["results"]
        response["properties"]["count"]["description"] = "Every matching row; absent with `cursor`."
        return response

    def get_schema_operation_parameters(self, view) -> list[dict]:
        descriptions = {
            self.limit_query_param: LIMIT_DESCRIPTION,
            self.offset_query_param: OFFSET_DESCRIPTION,
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["description"] = descriptions.get(parameter["name"], parameter["description"])
        parameters.append(
            {
                "name": KeysetPagination.cursor_query_param,
                "required": False,
                "in": "query",
                "description": CURSOR_DESCRIPTION,
                "schema": {"type": "string"},
            }
        )
        return parameters
