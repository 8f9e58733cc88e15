"""Tips over HTTP: clients send them, admins confirm, retry and refund them, writers read their earnings."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import Role, User
from approvals.intercept import PENDING_RESPONSE, pending_if_required
from approvals.models import AdjustmentKind
from core.idempotency import idempotent
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from websites.permissions import IsAdmin, IsClient, IsWriter
from websites.scoping import (
    WebsiteScopedViewSet,
)
from writer_management.api.examples import (
    BANK_TRANSFER_SEEN_EXAMPLE,
    CONFIRMED_EXAMPLE,
    CREATED_BUT_THE_WALLET_WAS_SHORT_EXAMPLE,
    CREATED_EXAMPLE,
    PAID_EXAMPLE,
    REFUND_EXAMPLE,
    REFUNDED_EXAMPLE,
    TIP_EXAMPLES,
    TIP_FOR_AN_ORDER_FROM_THE_WALLET_EXAMPLE,
    TWO_MONTHS_EXAMPLE,
)
from writer_management.api.serializers import (
    TipAdminOutput,
    TipClientOutput,
    TipConfirmPaymentInput,
    TipCreateInput,
    TipEarningsOutput,
    TipOutputByRole,
    TipRefundInput,
    TipWriterOutput,
)
from writer_management.filters import TipFilter
from writer_management.models import Tip
from writer_management.selectors import (
    tip_earnings_by_month,
)
from writer_management.services import (
    tip_confirm_payment,
    tip_create,
    tip_process_payment,
    tip_refund,
)

TAG_TIPS = "tips"


def tip_output_class(user: User):
    """Return the serializer of the tip shape `user`'s role sees."""
    role = getattr(user, "role", None)
    if role == Role.CLIENT:
        return TipClientOutput
    if role == Role.WRITER:
        return TipWriterOutput
    return TipAdminOutput


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_TIPS],
        summary="List tips (clients: sent; writers: received and paid; admins: their website's)",
        description=(
            "Each role gets its own shape: clients never see the split or the percentage, "
            "writers only their share as `amount_received` (and only tips that paid them), "
            "admins and superadmins every field."
        ),
        responses={200: TipOutputByRole, **error_responses(400, 401, 404)},
        examples=TIP_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=[TAG_TIPS],
        summary="Read one tip (in the caller's role's shape)",
        responses={200: TipOutputByRole, **error_responses(401, 404)},
        examples=TIP_EXAMPLES,
    ),
)
class TipViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    """Tips cannot be edited or deleted: PUT, PATCH and DELETE answer 405."""

    queryset = Tip.objects.select_related("website", "client", "writer", "payment")
    filterset_class = TipFilter
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        by_action = {
            "create": IsClient,
            "process_payment": IsClient,
            "confirm_payment": IsAdmin,
            "refund": IsAdmin,
            "earnings": IsWriter,
        }
        return [IsAuthenticated(), by_action.get(self.action, IsAuthenticated)()]

    def get_serializer_class(self):
        return tip_output_class(self.request.user)

    def _tip_response(self, tip: Tip, *, status_code: int = status.HTTP_200_OK) -> Response:
        tip = self.get_queryset().get(pk=tip.pk)
        return Response(tip_output_class(self.request.user)(tip).data, status=status_code)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Send a tip to a writer (clients)",
        description=(
            "The type follows the reference: `order_id` makes an order tip, `class_bundle_id` "
            "a class tip, neither a direct tip. With `wallet` the tip is paid at once; a short "
            "balance is not an error: the tip is stored `failed` (201) with a `failure_reason`, "
            "ready for `process_payment` after a top-up. With `manual` it stays `pending` until "
            "an admin confirms the payment."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=TipCreateInput,
        responses={201: TipClientOutput, **error_responses(400, 401, 403, 409, 422)},
        examples=[
            TIP_FOR_AN_ORDER_FROM_THE_WALLET_EXAMPLE,
            CREATED_EXAMPLE,
            CREATED_BUT_THE_WALLET_WAS_SHORT_EXAMPLE,
        ],
    )
    @idempotent
    def create(self, request):
        data = TipCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        tip = tip_create(client=request.user, **data.validated_data)
        # The new tip is in hand with its writer: no read back for the client's shape.
        return Response(tip_output_class(request.user)(tip).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Retry paying a failed wallet tip (the tip's client)",
        description=(
            "failed → processing → completed, or back to failed (200) with the new reason "
            "when the balance is still short. Use a new Idempotency-Key per attempt."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=None,
        responses={200: TipClientOutput, **error_responses(400, 401, 403, 404, 409, 422)},
        examples=[PAID_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def process_payment(self, request, pk=None):
        tip = tip_process_payment(tip=self.get_object(), client=request.user)
        return self._tip_response(tip)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Confirm the off-platform payment of a pending manual tip (admins)",
        description="pending → completed; the writer's share is credited to their wallet.",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=TipConfirmPaymentInput,
        responses={200: TipAdminOutput, **error_responses(400, 401, 403, 404, 409, 422)},
        examples=[
            BANK_TRANSFER_SEEN_EXAMPLE,
            CONFIRMED_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def confirm_payment(self, request, pk=None):
        data = TipConfirmPaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        tip = tip_confirm_payment(
            tip=self.get_object(),
            confirmed_by=request.user,
            reference=data.validated_data["reference"],
        )
        return self._tip_response(tip)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Refund a completed tip (admins)",
        description=(
            "completed → refunded, exactly once: the client's wallet gets the tip back and the "
            "writer's wallet gives back their share. When the writer's wallet cannot cover it "
            "the refund is refused (409 `writer_balance_insufficient`) and nothing moves."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=TipRefundInput,
        responses={
            200: TipAdminOutput,
            202: PENDING_RESPONSE,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            REFUND_EXAMPLE,
            REFUNDED_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def refund(self, request, pk=None):
        data = TipRefundInput(data=request.data)
        data.is_valid(raise_exception=True)
        tip = self.get_object()
        pending = pending_if_required(
            self,
            request,
            kind=AdjustmentKind.TIP_REFUND,
            website_id=tip.website_id,
            target=tip,
            amount=tip.tip_amount,
            reason=data.validated_data["reason"],
        )
        if pending is not None:
            return pending
        tip = tip_refund(tip=tip, refunded_by=request.user, reason=data.validated_data["reason"])
        return self._tip_response(tip)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="What you received from tips, by month (writers)",
        description=(
            "Completed tips only, grouped by the calendar month (reporting time zone) they were "
            "sent in, newest first. The list filters narrow it (e.g. date_from, tip_type)."
        ),
        filters=True,
        responses={200: TipEarningsOutput, **error_responses(400, 401, 403)},
        examples=[TWO_MONTHS_EXAMPLE],
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def earnings(self, request):
        tips = self.filter_queryset(self.get_queryset())
        return Response(TipEarningsOutput(tip_earnings_by_month(tips=tips)).data)
