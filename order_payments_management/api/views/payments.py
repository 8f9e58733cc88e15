"""Payments: admins list, filter, confirm manual payments and refund; clients read their own."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from approvals.intercept import PENDING_RESPONSE, pending_if_required
from approvals.models import AdjustmentKind
from core.idempotency import idempotent
from core.roles import RoleOutputMixin
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from order_payments_management.api import examples
from order_payments_management.api.serializers import (
    ORDER_PAYMENT_OUTPUTS,
    OrderPaymentConfirmInput,
    OrderPaymentOutput,
    OrderPaymentRefundInput,
)
from order_payments_management.filters import OrderPaymentFilter
from order_payments_management.models import OrderPayment
from order_payments_management.services import (
    order_payment_cancel,
    order_payment_confirm_manual,
    order_payment_refund,
)
from websites.permissions import IsAdmin, IsClient
from websites.scoping import WebsiteScopedViewSet

TAGS = ["order-payments: payments"]


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List payments (admins: their website's, filterable; clients: their own)",
        description=(
            "Each role gets its own shape: admins `OrderPaymentOutput`, clients "
            "`OrderPaymentClientOutput` (without `confirmed_by_id` and `refunded_by_id`)."
        ),
        responses={200: ORDER_PAYMENT_OUTPUTS.schema, **error_responses(400, 401, 403, 404)},
        examples=[
            examples.page("An order paid from the wallet (admin)", examples.PAYMENT),
            examples.page("An order paid from the wallet (client)", examples.PAYMENT_CLIENT),
        ],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Read one payment (in the caller's role's shape)",
        responses={200: ORDER_PAYMENT_OUTPUTS.schema, **error_responses(401, 403, 404)},
        examples=[
            examples.response("A completed order payment (admin)", examples.PAYMENT),
            examples.response("A completed order payment (client)", examples.PAYMENT_CLIENT),
        ],
    ),
)
class OrderPaymentViewSet(
    RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = OrderPayment.objects.select_related("website", "client", "order", "discount")
    role_outputs = ORDER_PAYMENT_OUTPUTS
    filterset_class = OrderPaymentFilter
    permission_classes = (IsAdmin | IsClient,)

    def get_permissions(self):
        if self.action in ("confirm", "refund"):
            return [IsAdmin()]
        return super().get_permissions()

    def _output(self, payment: OrderPayment) -> Response:
        return Response(self.output(self.get_queryset().get(pk=payment.pk)))

    @extend_schema(
        tags=TAGS,
        summary="Confirm a manual order payment with its off-platform reference (admins)",
        description=(
            "A pending manual order payment becomes completed and its order becomes paid. "
            "A tip's or a class's payment is confirmed by its own endpoint "
            "(`writer-management/tips/{id}/confirm_payment/`): here it answers 409 "
            "`not_an_order_payment` and nothing changes."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=OrderPaymentConfirmInput,
        responses={200: OrderPaymentOutput, **error_responses(400, 401, 403, 404, 409, 422)},
        examples=[
            examples.request("Bank transfer seen", {"reference": "BANK-TRX-88213"}),
            examples.response("Confirmed", examples.MANUAL_CONFIRMED),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def confirm(self, request, pk=None):
        data = OrderPaymentConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        payment = order_payment_confirm_manual(
            payment=self.get_object(),
            confirmed_by=request.user,
            external_reference=data.validated_data["reference"],
        )
        return self._output(payment)

    @extend_schema(
        tags=TAGS,
        summary="Refund a completed order payment to the client's wallet, once (admins)",
        description=(
            "Only order payments are refunded here (tips and classes are refunded by their "
            "own endpoints). The amount charged goes back to the client's wallet; a paid or "
            "in-progress order is cancelled. A second refund answers 409."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=OrderPaymentRefundInput,
        responses={
            200: OrderPaymentOutput,
            202: PENDING_RESPONSE,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            examples.request("Refund", {"reason": "Order cancelled before work started"}),
            examples.response("Refunded", examples.REFUNDED),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def refund(self, request, pk=None):
        data = OrderPaymentRefundInput(data=request.data)
        data.is_valid(raise_exception=True)
        payment = self.get_object()
        pending = pending_if_required(
            self,
            request,
            kind=AdjustmentKind.PAYMENT_REFUND,
            website_id=payment.website_id,
            target=payment,
            amount=payment.amount,
            reason=data.validated_data["reason"],
        )
        if pending is not None:
            return pending
        payment = order_payment_refund(
            payment=payment,
            refunded_by=request.user,
            reason=data.validated_data["reason"],
        )
        return self._output(payment)

    @extend_schema(
        tags=TAGS,
        summary="Cancel a pending or failed order payment (admins, or the client who owns it)",
        description=(
            "Moves no money; a discount code it used counts as unused again. Only order "
            "payments are cancelled here: a tip's or a class's payment answers 409 "
            "`not_an_order_payment` and nothing changes. The answer is in the caller's role's "
            "shape."
        ),
        request=None,
        responses={200: ORDER_PAYMENT_OUTPUTS.schema, **error_responses(401, 403, 404, 409)},
        examples=[
            examples.response(
                "Cancelled (admin)",
                {**examples.MANUAL_CONFIRMED, "status": "cancelled", "external_reference": ""},
            ),
            examples.response(
                "Cancelled (client)",
                {
                    **examples.PAYMENT_CLIENT,
                    "method": "manual",
                    "status": "cancelled",
                    "completed_at": None,
                },
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._output(order_payment_cancel(payment=self.get_object()))
