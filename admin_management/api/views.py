"""Admin tip management: dashboard, list, analytics, earnings and CSV export.

One tenancy rule for all five: the tips (and their rollups) the caller sees
(`visible_to`), narrowed by `?website_id=` (`website_id_from_request`).
"""

from django.conf import settings
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from admin_management.api import examples
from admin_management.api.export import tip_csv_lines
from admin_management.api.parameters import (
    ANALYTICS_PARAMETERS,
    DASHBOARD_PARAMETERS,
    EARNINGS_PARAMETERS,
    EXPORT_PARAMETERS,
    LIST_PARAMETERS,
    WHAT_IF_PARAMETERS,
)
from admin_management.api.serializers import (
    TipAdminAnalyticsInput,
    TipAdminAnalyticsOutput,
    TipAdminDashboardInput,
    TipAdminDashboardOutput,
    TipAdminEarningsInput,
    TipAdminEarningsOutput,
    TipAdminExportInput,
    TipAdminListInput,
    TipAdminListOutput,
    TipAdminWhatIfInput,
    TipAdminWhatIfOutput,
)
from admin_management.selectors import tip_report_cached
from core.db_routing import ReplicaReadsMixin
from core.query_params import query_params_read
from core.reporting import reporting_today
from core.schema import error_responses
from tip_stats.selectors.listing import TipListFilters, tip_export_rows, tip_list_get
from tip_stats.selectors.reports import tip_analytics, tip_dashboard, tip_earnings
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import tip_report_source
from tip_stats.selectors.whatif import (
    TipPercentageScenario,
    tip_level_names,
    tip_percentage_what_if,
)
from websites.permissions import IsAdmin
from websites.scoping import website_id_from_request

TAGS = ["admin-management: tips"]
ERRORS = error_responses(400, 401, 403, 404)
SCOPE_NOTE = (
    "Admins and superadmins only. An admin reads their own website; a superadmin every website, "
    "or one with `website_id`. Money is rounded to cents, averages and percentages to 2 places. "
    "A query parameter this report does not take answers 400 naming it."
)


class TipAdminViewSet(ReplicaReadsMixin, GenericViewSet):
    """The admin's view of the tips of their website (a superadmin's: of every website).

    Every report reads a replica when one is configured and safe (`core.db_routing`).
    """

    replica_actions = frozenset(
        {"dashboard", "list_tips", "analytics", "earnings", "export", "what_if"}
    )

    permission_classes = (IsAdmin,)
    pagination_class = None
    filter_backends = ()

    def perform_content_negotiation(self, request, force=False):
        # `Accept: text/csv` on the export (or anything else) must not turn an error into a 406.
        return super().perform_content_negotiation(request, force=True)

    def _scope(self) -> TipReportScope:
        return TipReportScope(
            user=self.request.user, website_id=website_id_from_request(self.request)
        )

    def _params(self, input_class) -> dict:
        """Read one report's query parameters (`website_id` is read by `_scope`)."""
        return query_params_read(self.request, input_class)

    @extend_schema(
        tags=TAGS,
        summary="Tip dashboard: all-time summary, the last `days` days, status, type and level",
        description=(
            "Every tip of the scope, whatever its payment status: all-time `summary`, the last "
            "`days` local days (`recent_summary`), counts per status (zeros included), and "
            "breakdowns by type, status and the writer's level name at tip time (null: no level). "
            + SCOPE_NOTE
        ),
        parameters=DASHBOARD_PARAMETERS,
        responses={
            200: OpenApiResponse(
                TipAdminDashboardOutput,
                examples=examples.response_example(
                    "dashboard", examples.DASHBOARD, "Dashboard (days=30)"
                ),
            ),
            **ERRORS,
        },
    )
    @action(detail=False, methods=["get"])
    def dashboard(self, request):
        scope = self._scope()
        params = self._params(TipAdminDashboardInput)

        def build(today):
            report = tip_dashboard(source=tip_report_source(scope), today=today, **params)
            return TipAdminDashboardOutput(report).data

        return Response(
            tip_report_cached(scope=scope, name="dashboard", params=params, build=build)
        )

    @extend_schema(
        tags=TAGS,
        summary="List tips with filters; count and sums cover every match, newest first",
        description=(
            "Tips matching every given filter, newest first, one page at a time (`limit`, "
            "`offset`). `count` and `summary` cover all matches, not just the page. " + SCOPE_NOTE
        ),
        parameters=LIST_PARAMETERS,
        responses={
            200: OpenApiResponse(
                TipAdminListOutput,
                examples=examples.response_example(
                    "list_tips", examples.LIST_TIPS, "One page (limit=2)"
                ),
            ),
            **ERRORS,
        },
    )
    @action(detail=False, methods=["get"])
    def list_tips(self, request):
        scope = self._scope()
        params = self._params(TipAdminListInput)
        limit, offset = params.pop("limit"), params.pop("offset")

        def build(today):
            page = tip_list_get(
                scope=scope,
                filters=TipListFilters(**params),
                limit=limit,
                offset=offset,
                today=today,
            )
            return TipAdminListOutput(page).data

        return Response(
            tip_report_cached(
                scope=scope,
                name="list_tips",
                params={**params, "limit": limit, "offset": offset},
                build=build,
            )
        )

    @extend_schema(
        tags=TAGS,
        summary="Tip analytics: trends, breakdowns and top performers over the last `days` days",
        description=(
            "Over the last `days` local days (every payment status): monthly trend (the months "
            "the window touches), breakdowns by type and level, the top 10 writers by the share "
            "they received and the top 10 clients by the amount they sent. The weekly trend "
            "always covers the last 12 weeks (Monday to Sunday) and the daily trend the last 30 "
            "days; empty buckets are zeros. " + SCOPE_NOTE
        ),
        parameters=ANALYTICS_PARAMETERS,
        responses={
            200: OpenApiResponse(
                TipAdminAnalyticsOutput,
                examples=examples.response_example(
                    "analytics", examples.ANALYTICS, "Analytics (days=7)"
                ),
            ),
            **ERRORS,
        },
    )
    @action(detail=False, methods=["get"])
    def analytics(self, request):
        scope = self._scope()
        params = self._params(TipAdminAnalyticsInput)

        def build(today):
            report = tip_analytics(source=tip_report_source(scope), today=today, **params)
            return TipAdminAnalyticsOutput(report).data

        return Response(
            tip_report_cached(scope=scope, name="analytics", params=params, build=build)
        )

    @extend_schema(
        tags=TAGS,
        summary="Tip earnings: the split of completed tips, by level, type and month",
        description=(
            "Completed tips only, sent on the local days `date_from`..`date_to` (inclusive; all "
            "time by default): totals, plain means, the platform's profit percentage, and the "
            "split by level, by type and by month (the last 12 months up to `date_to` or today, "
            "within the filter). " + SCOPE_NOTE
        ),
        parameters=EARNINGS_PARAMETERS,
        responses={
            200: OpenApiResponse(
                TipAdminEarningsOutput,
                examples=examples.response_example(
                    "earnings", examples.EARNINGS, "Earnings (all time)"
                ),
            ),
            **ERRORS,
        },
    )
    @action(detail=False, methods=["get"])
    def earnings(self, request):
        scope = self._scope()
        params = self._params(TipAdminEarningsInput)

        def build(today):
            report = tip_earnings(
                source=tip_report_source(scope),
                date_from=params.get("date_from"),
                date_to=params.get("date_to"),
                today=today,
            )
            return TipAdminEarningsOutput(report).data

        return Response(tip_report_cached(scope=scope, name="earnings", params=params, build=build))

    @extend_schema(
        tags=TAGS,
        summary="What-if: the completed tips' split had a level's (or the default) percentage differed",
        description=(
            "Read-only. For the completed tips sent on the local days `date_from`..`date_to` "
            "(inclusive; all time by default): per writer level (its name at tip time; null: no "
            "level) and in total, what writers earned and the platform kept, and what they would "
            "have with level `level` at `percentage` and/or writers without a level at "
            "`default_percentage`. Each tip is split again as every tip is (the writer's share "
            "rounded half up to the cent, the platform keeps the rest, so the two add up to the "
            "amount), so the simulated sums are exact to the cent; other levels keep what they "
            "had. Computed from the tip statistics, not the tips. `level` and `percentage` go "
            "together (400 naming the missing one); at least one change is required; a `level` "
            "that is neither a level of the website nor in its tips is a 400 naming it. "
            + SCOPE_NOTE
        ),
        parameters=WHAT_IF_PARAMETERS,
        responses={
            200: OpenApiResponse(
                TipAdminWhatIfOutput,
                examples=examples.response_example(
                    "what_if", examples.WHAT_IF, "Senior at 45 % for the first quarter"
                ),
            ),
            **ERRORS,
        },
    )
    @action(detail=False, methods=["get"], url_path="what-if")
    def what_if(self, request):
        scope = self._scope()
        params = query_params_read(
            request, TipAdminWhatIfInput, context={"level_names": lambda: tip_level_names(scope)}
        )
        scenario = TipPercentageScenario(
            level_name=params.get("level"),
            percentage=params.get("percentage"),
            default_percentage=params.get("default_percentage"),
        )

        def build(today):
            report = tip_percentage_what_if(
                source=tip_report_source(scope),
                scenario=scenario,
                date_from=params.get("date_from"),
                date_to=params.get("date_to"),
                today=today,
            )
            return TipAdminWhatIfOutput(report).data

        return Response(tip_report_cached(scope=scope, name="what_if", params=params, build=build))

    @extend_schema(
        tags=TAGS,
        summary="Export the filtered tips as CSV (streamed; a header row, one row per tip)",
        description=(
            "The `list_tips` filters, every matching tip as one CSV row (no paging), streamed "
            "in constant memory. " + SCOPE_NOTE
        ),
        parameters=EXPORT_PARAMETERS,
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=(
                    "UTF-8 CSV with a byte order mark, newest tip first. Columns: "
                    + ", ".join(f"`{name}`" for name in examples.EXPORT_COLUMN_NAMES)
                    + ". Amounts have two decimals; `currency` is the deployment's currency "
                    "(`CURRENCY`). Text cells starting with `=`, `+`, `-` or `@` are prefixed "
                    "with `'`."
                ),
                examples=[examples.EXPORT_EXAMPLE],
            ),
            **ERRORS,
        },
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        scope = self._scope()
        filters = TipListFilters(**self._params(TipAdminExportInput))
        response = StreamingHttpResponse(
            tip_csv_lines(
                tip_export_rows(scope=scope, filters=filters), currency=settings.CURRENCY
            ),
            content_type="text/csv; charset=utf-8",
        )
        filename = f"tips-{reporting_today(scope.single_website_id).isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
