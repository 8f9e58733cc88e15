"""The query parameters of the admin tip endpoints, as the OpenAPI schema documents them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from core.filters import DATE_FROM_HELP, DATE_TO_HELP
from websites.scoping import WEBSITE_ID_PARAMETER
from writer_management.models import TipPaymentStatus, TipType


def _query(name: str, kind, description: str, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(
        name=name, type=kind, location=OpenApiParameter.QUERY, description=description, **kwargs
    )


def _days(default: int) -> OpenApiParameter:
    return _query(
        "days",
        OpenApiTypes.INT,
        f"The window: today and the days-1 days before it (local days). Default {default}; "
        "values outside 1 to 365 are clamped; not an integer answers 400.",
        default=default,
    )


DATE_FROM = _query("date_from", OpenApiTypes.DATE, DATE_FROM_HELP)
DATE_TO = _query("date_to", OpenApiTypes.DATE, DATE_TO_HELP)
FILTERS = [
    _query(
        "tip_type",
        OpenApiTypes.STR,
        "Only tips of this type; another value answers 400.",
        enum=TipType.values,
    ),
    _query(
        "payment_status",
        OpenApiTypes.STR,
        "Only tips in this payment status; another value answers 400.",
        enum=TipPaymentStatus.values,
    ),
    _query("writer_id", OpenApiTypes.INT, "Only tips this writer received (a positive integer)."),
    _query("client_id", OpenApiTypes.INT, "Only tips this client sent (a positive integer)."),
    DATE_FROM,
    DATE_TO,
]

DASHBOARD_PARAMETERS = [WEBSITE_ID_PARAMETER, _days(30)]
ANALYTICS_PARAMETERS = [WEBSITE_ID_PARAMETER, _days(90)]
EARNINGS_PARAMETERS = [WEBSITE_ID_PARAMETER, DATE_FROM, DATE_TO]
EXPORT_PARAMETERS = [WEBSITE_ID_PARAMETER, *FILTERS]
WHAT_IF_PARAMETERS = [
    WEBSITE_ID_PARAMETER,
    DATE_FROM,
    DATE_TO,
    _query(
        "level",
        OpenApiTypes.STR,
        "The writer level, by its name at tip time, whose percentage changes (with `percentage`).",
    ),
    _query(
        "percentage",
        OpenApiTypes.NUMBER,
        "The level's percentage in the scenario: 0 to 100, two decimal places at most.",
    ),
    _query(
        "default_percentage",
        OpenApiTypes.NUMBER,
        "The percentage of writers without a level in the scenario: 0 to 100.",
    ),
]
LIST_PARAMETERS = [
    WEBSITE_ID_PARAMETER,
    *FILTERS,
    _query(
        "limit",
        OpenApiTypes.INT,
        "Tips per page: default 50; values outside 1 to 1000 are clamped; not an integer: 400.",
        default=50,
    ),
    _query(
        "offset",
        OpenApiTypes.INT,
        "Tips to skip (newest first): default 0; a negative value counts as 0.",
        default=0,
    ),
]
