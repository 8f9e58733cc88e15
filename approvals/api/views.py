"""Four-eyes: the website's thresholds, and the adjustments waiting for a second admin."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.api import examples
from approvals.api.serializers import (
    ApprovalSettingsInput,
    ApprovalSettingsOutput,
    DecisionInput,
    PendingAdjustmentOutput,
)
from approvals.filters import PendingAdjustmentFilter
from approvals.models import ApprovalSettings, PendingAdjustment
from approvals.services import (
    adjustment_approve,
    adjustment_reject,
    approval_settings_get,
    approval_settings_update,
)
from core.audit import Target
from core.audit_views import AuditedWritesMixin
from core.idempotency import idempotent
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses, read_only_schema
from websites.permissions import IsAdmin
from websites.scoping import WEBSITE_ID_PARAMETER, WebsiteScopedViewSet, website_of_request

TAGS = ["approvals"]


class ApprovalSettingsView(AuditedWritesMixin, APIView):
    permission_classes = (IsAdmin,)
    audit_action = "update"

    def audit_target(self, request):
        return Target(ApprovalSettings, {"website_id": website_of_request(request).pk})

    @extend_schema(
        tags=TAGS,
        summary="The website's four-eyes thresholds (admins; none until set)",
        parameters=[WEBSITE_ID_PARAMETER],
        responses={200: ApprovalSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.SETTINGS_ONE],
    )
    def get(self, request):
        website = website_of_request(request)
        return Response(ApprovalSettingsOutput(approval_settings_get(website_id=website.pk)).data)

    @extend_schema(
        tags=TAGS,
        summary="Change the website's four-eyes thresholds (admins)",
        description=(
            "A manual wallet credit or debit, order payment refund or tip refund above "
            "`money_threshold`, and a points award or deduction above `points_threshold`, "
            "waits for a second admin (202 with the pending adjustment) instead of running. "
            "`null` turns a threshold off; `expiry_hours` is how long a request waits."
        ),
        parameters=[WEBSITE_ID_PARAMETER],
        request=ApprovalSettingsInput,
        responses={200: ApprovalSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.SETTINGS_INPUT, examples.SETTINGS_ONE],
    )
    def patch(self, request):
        website = website_of_request(request)
        data = ApprovalSettingsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        row = approval_settings_update(website=website, **data.validated_data)
        return Response(ApprovalSettingsOutput(row).data)


@extend_schema_view(
    **read_only_schema(
        tags=TAGS,
        output=PendingAdjustmentOutput,
        list_summary="Adjustments waiting for (or given) a second admin's decision (admins)",
        list_description=(
            "Newest first; `?status=pending` is the queue. Admins: their website's; superadmins: "
            "every website's (`?website_id=` narrows)."
        ),
        list_example=examples.LIST,
        one_summary="One adjustment (admins)",
        one_example=examples.ONE,
    )
)
class PendingAdjustmentViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = PendingAdjustment.objects.all()
    serializer_class = PendingAdjustmentOutput
    permission_classes = (IsAdmin,)
    filterset_class = PendingAdjustmentFilter

    def _note(self, request) -> str:
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data.get("note", "")

    @extend_schema(
        tags=TAGS,
        summary="Approve: the original adjustment runs now, exactly once (another admin)",
        description=(
            "403 `adjustment_own_request` for the admin who asked; 409 "
            "`adjustment_already_decided` when someone decided first, `adjustment_expired` "
            "past its time. A refusal of the adjustment itself (a debit the wallet no longer "
            "covers) answers that refusal and leaves the adjustment pending."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=DecisionInput,
        responses={
            200: PendingAdjustmentOutput,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[examples.DECISION, examples.APPROVED_ONE],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def approve(self, request, pk=None):
        note = self._note(request)
        row = adjustment_approve(adjustment=self.get_object(), approved_by=request.user, note=note)
        return Response(PendingAdjustmentOutput(row).data)

    @extend_schema(
        tags=TAGS,
        summary="Reject (or, for the admin who asked, withdraw): nothing moves (admins)",
        request=DecisionInput,
        responses={200: PendingAdjustmentOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[examples.DECISION, examples.ONE],
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        note = self._note(request)
        row = adjustment_reject(adjustment=self.get_object(), rejected_by=request.user, note=note)
        return Response(PendingAdjustmentOutput(row).data)
