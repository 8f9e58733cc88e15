"""`POST /orders/{id}/pay/`: a client pays their unpaid order.

The URL is the order's; the payment is this app's, so the code lives here and `orders` knows
nothing of payments.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.idempotency import idempotent
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from order_payments_management.api import examples
from order_payments_management.api.serializers import OrderPayInput, OrderPaymentClientOutput
from order_payments_management.models import OrderPayment
from order_payments_management.services import order_pay
from orders.models import Order
from websites.permissions import IsClient
from websites.scoping import WebsiteScopedViewSet


class OrderPayViewSet(WebsiteScopedViewSet):
    queryset = Order.objects.select_related("website", "client", "writer")

    @extend_schema(
        tags=["orders"],
        summary="Pay your unpaid order from your wallet, optionally with a discount code (clients)",
        description=(
            "`wallet` (default): the amount less any discount is charged to the wallet and the "
            "order becomes paid (201 with the completed payment). `manual`: a pending payment "
            "an admin confirms once the off-platform payment arrives. Insufficient funds answer "
            "409 `insufficient_funds`; a code that does not apply answers 400 naming "
            "`discount_code`; an order that is not unpaid answers 409 `order_not_unpaid`."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=OrderPayInput,
        responses={
            201: OrderPaymentClientOutput,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            examples.request("Pay with a code", {"discount_code": "welcome10"}),
            examples.response("Paid", examples.PAYMENT_CLIENT, "201"),
        ],
    )
    @action(detail=True, methods=["post"], permission_classes=[IsClient])
    @idempotent
    def pay(self, request, pk=None):
        data = OrderPayInput(data=request.data)
        data.is_valid(raise_exception=True)
        payment = order_pay(order=self.get_object(), client=request.user, **data.validated_data)
        payment = OrderPayment.objects.select_related("website", "client", "order", "discount").get(
            pk=payment.pk
        )
        return Response(OrderPaymentClientOutput(payment).data, status=status.HTTP_201_CREATED)
