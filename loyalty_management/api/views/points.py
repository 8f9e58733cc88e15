"""Points: a client's summary and ledger, admin awards and deductions."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from approvals.intercept import PENDING_RESPONSE, pending_if_required
from approvals.models import AdjustmentKind
from core.audit import Target, row_id
from core.audit_views import AuditedWritesMixin
from core.exceptions import DomainError
from core.idempotency import idempotent
from core.query_params import query_params_read
from core.roles import RoleOutputMixin
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from loyalty_management.api import examples
from loyalty_management.api.serializers.points import (
    LOYALTY_TRANSACTION_OUTPUTS,
    LoyaltyPointsAdjustInput,
    LoyaltySummaryOutput,
    LoyaltySummaryQueryInput,
    LoyaltyTransactionOutput,
)
from loyalty_management.exceptions import ClientNotFound
from loyalty_management.filters import LoyaltyTransactionFilter
from loyalty_management.models import LoyaltyAccount, LoyaltyTransaction
from loyalty_management.selectors import loyalty_summary_get
from loyalty_management.services import points_award, points_deduct
from websites.crud import visible_row_from_input
from websites.permissions import IsAdmin, IsClient
from websites.scoping import WebsiteScopedViewSet

TAG = "loyalty: points"


def client_visible_to(user, client_id: int | None, *, field: str) -> User:
    """Return a client the caller may see; another website's (or no such) client is a 404."""
    if client_id is None:
        raise DomainError("Name the client.", field=field, code="required")
    return visible_row_from_input(
        User.objects.clients(),
        user=user,
        pk=client_id,
        field=field,
        refusal=lambda: ClientNotFound(field=field),
    )


# Summary and ledger ------------------------------------------------------------------------------

_TRANSACTION_EXAMPLES = [
    examples.response("An admin's award (admin)", examples.TRANSACTION),
    examples.response("An admin's award (the client)", examples.TRANSACTION_CLIENT),
]


class LoyaltySummaryView(APIView):
    permission_classes = (IsAdmin | IsClient,)

    @extend_schema(
        tags=[TAG],
        summary="A client's points, tier, next tier and badges (clients: their own)",
        parameters=[LoyaltySummaryQueryInput],
        responses={200: LoyaltySummaryOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.response("A Gold client", examples.SUMMARY)],
    )
    def get(self, request):
        query = query_params_read(request, LoyaltySummaryQueryInput)
        client = request.user
        if not client.is_client:
            client = client_visible_to(request.user, query.get("client"), field="client")
        return Response(LoyaltySummaryOutput(loyalty_summary_get(client=client)).data)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="The points ledger, newest first (clients: their own; admins: `?client=`)",
        description=(
            "Admins read `LoyaltyTransactionOutput`; clients `LoyaltyTransactionClientOutput`, "
            "without `created_by` (which admin made a row)."
        ),
        responses={
            200: LOYALTY_TRANSACTION_OUTPUTS.schema,
            **error_responses(400, 401, 403, 404),
        },
        examples=_TRANSACTION_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Read one ledger row (in the caller's role's shape)",
        responses={200: LOYALTY_TRANSACTION_OUTPUTS.schema, **error_responses(401, 403, 404)},
        examples=_TRANSACTION_EXAMPLES,
    ),
)
class LoyaltyTransactionViewSet(
    RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = LoyaltyTransaction.objects.select_related("account__client", "created_by")
    role_outputs = LOYALTY_TRANSACTION_OUTPUTS
    filterset_class = LoyaltyTransactionFilter
    permission_classes = (IsAdmin | IsClient,)


class _PointsAdjustView(AuditedWritesMixin, APIView):
    permission_classes = (IsAdmin,)
    service = None

    def audit_target(self, request):
        # The audited object is the client's points account (created by a first award).
        client_id = (
            row_id(request.data.get("client_id")) if isinstance(request.data, dict) else None
        )
        if client_id is None:
            return None
        return Target(LoyaltyAccount, {"client_id": client_id})

    def post(self, request):
        data = LoyaltyPointsAdjustInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        client = client_visible_to(request.user, fields["client_id"], field="client_id")
        pending = pending_if_required(
            self,
            request,
            kind=self.adjustment_kind,
            website_id=client.website_id,
            target=client,
            points=fields["points"],
            reason=fields["reason"],
        )
        if pending is not None:
            return pending
        row = type(self).service(
            client=client,
            points=fields["points"],
            reason=fields["reason"],
            by=request.user,
        )
        row = LoyaltyTransaction.objects.select_related("account__client", "created_by").get(
            pk=row.pk
        )
        return Response(LoyaltyTransactionOutput(row).data, status=status.HTTP_201_CREATED)


def _award(*, by, **kwargs):
    return points_award(awarded_by=by, **kwargs)


def _deduct(*, by, **kwargs):
    return points_deduct(deducted_by=by, **kwargs)


_ADJUST_EXAMPLE = examples.request(
    "With a reason",
    {"client_id": 12, "points": 150, "reason": "Apology for the late delivery of order ALPHA-0003"},
)


class PointsAwardView(_PointsAdjustView):
    service = staticmethod(_award)
    audit_action = "award"
    adjustment_kind = AdjustmentKind.POINTS_AWARD

    @extend_schema(
        tags=[TAG],
        summary="Award points to a client (admins; reason required; counts towards the tier)",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=LoyaltyPointsAdjustInput,
        responses={
            201: LoyaltyTransactionOutput,
            202: PENDING_RESPONSE,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[_ADJUST_EXAMPLE, examples.response("The ledger row", examples.TRANSACTION)],
    )
    @idempotent
    def post(self, request):
        return super().post(request)


class PointsDeductView(_PointsAdjustView):
    service = staticmethod(_deduct)
    audit_action = "deduct"
    adjustment_kind = AdjustmentKind.POINTS_DEDUCT

    @extend_schema(
        tags=[TAG],
        summary="Deduct points from a client (admins; reason required; never more than available)",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=LoyaltyPointsAdjustInput,
        responses={
            201: LoyaltyTransactionOutput,
            202: PENDING_RESPONSE,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            examples.request(
                "With a reason",
                {"client_id": 12, "points": 100, "reason": "Points awarded twice by mistake"},
            ),
            examples.response(
                "The ledger row",
                {
                    **examples.TRANSACTION,
                    "points": -100,
                    "balance_after": 2080,
                    "reason": "Points awarded twice by mistake",
                },
            ),
        ],
    )
    @idempotent
    def post(self, request):
        return super().post(request)
