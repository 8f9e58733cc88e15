"""The audit log, read: newest first, filtered, one entry, or everything as CSV."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

from audit.api import examples
from audit.api.serializers import AuditEntryOutput
from audit.filters import AuditEntryFilter
from audit.models import AuditEntry
from audit.selectors import EXPORT_COLUMNS, audit_export_rows
from core.csv_export import csv_lines
from core.reporting import reporting_today
from core.schema import error_responses, read_only_schema
from websites.permissions import IsAdmin
from websites.scoping import WebsiteScopedViewSet

TAGS = ["audit"]
SCOPE = "Admins read their website's entries; superadmins every website's (`?website_id=` narrows)."


@extend_schema_view(
    **read_only_schema(
        tags=TAGS,
        output=AuditEntryOutput,
        list_summary="The audit log, newest first (admins)",
        list_description=(
            "One entry per object an admin, a superadmin or a management command changed: who, "
            "when, the action, the object, the changed fields before and after, the request id "
            "and the IP. Filters: actor, object, action, source and local days. " + SCOPE
        ),
        list_example=examples.LIST,
        one_summary="One audit entry (admins)",
        one_example=examples.ONE,
    )
)
class AuditEntryViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntryOutput
    permission_classes = (IsAdmin,)
    filterset_class = AuditEntryFilter
    replica_actions = frozenset({"list", "export"})
    lookup_value_regex = "[0-9]+"

    def perform_content_negotiation(self, request, force=False):
        # `Accept: text/csv` on the export must not turn an error into a 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=TAGS,
        summary="Export the filtered audit log as CSV (admins; streamed, newest first)",
        description="The list's filters, every matching entry as one CSV row. " + SCOPE,
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=(
                    "UTF-8 CSV with a byte order mark. Columns: "
                    + ", ".join(f"`{name}`" for name in EXPORT_COLUMNS)
                    + ". `before` and `after` are JSON objects. Text cells starting with `=`, "
                    "`+`, `-` or `@` are prefixed with `'`."
                ),
                examples=[examples.EXPORT],
            ),
            **error_responses(400, 401, 403, 404),
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        entries = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            csv_lines(EXPORT_COLUMNS, audit_export_rows(entries, reader=request.user)),
            content_type="text/csv; charset=utf-8",
        )
        filename = f"audit-{reporting_today().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
