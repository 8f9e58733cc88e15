"""Orders over HTTP: admins create, assign and move them; each role reads its own."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import filters, status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from accounts.models import Role
from accounts.selectors import user_from_input
from core.roles import RoleOutputMixin
from core.schema import error_responses
from orders.api.examples import (
    A_PAID_ORDER_IS_CANCELLED_BY_ITS_REFUND_EXAMPLE,
    ORDER_EXAMPLES,
    START_THE_WORK_EXAMPLE,
)
from orders.api.serializers import (
    ORDER_OUTPUTS,
    OrderAssignWriterInput,
    OrderCreateInput,
    OrderOutput,
    OrderStatusInput,
)
from orders.filters import OrderFilter
from orders.models import Order
from orders.services import order_assign_writer, order_create, order_status_change
from websites.permissions import IsAdmin
from websites.scoping import WebsiteScopedViewSet, website_for_create


@extend_schema_view(
    list=extend_schema(
        tags=["orders"],
        summary="List orders (clients and writers: their own)",
        description=(
            "Each role gets its own shape: clients `OrderClientOutput` (the price, the writer's "
            "id and username, never `writer_compensation`), writers `OrderWriterOutput` (their "
            "`writer_compensation`, the client's id and username, never `total_price`), admins "
            "`OrderOutput` with every field."
        ),
        responses={200: ORDER_OUTPUTS.schema, **error_responses(400, 401, 404)},
        examples=ORDER_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=["orders"],
        summary="Read one order (in the caller's role's shape)",
        responses={200: ORDER_OUTPUTS.schema, **error_responses(401, 404)},
        examples=ORDER_EXAMPLES,
    ),
)
class OrderViewSet(RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = Order.objects.select_related("website", "client", "writer")
    role_outputs = ORDER_OUTPUTS
    filterset_class = OrderFilter
    filter_backends = (*WebsiteScopedViewSet.filter_backends, filters.SearchFilter)
    search_fields = ("order_number", "title")

    def get_permissions(self):
        if self.action in ("create", "assign_writer", "change_status"):
            return [IsAdmin()]
        return super().get_permissions()

    @extend_schema(
        tags=["orders"],
        summary="Create an order (admins)",
        description=(
            "A given `order_number` already used on the website is a 400 `duplicate`, also when "
            "the other order is created at the same moment; without one a free number is drawn "
            "(409 `conflict` in the unlikely case that none is found)."
        ),
        request=OrderCreateInput,
        responses={201: OrderOutput, **error_responses(400, 401, 403, 409)},
    )
    def create(self, request):
        data = OrderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        order = order_create(
            website=website_for_create(request.user, fields.get("website_id")),
            client=user_from_input(
                user_id=fields["client_id"], field="client_id", role=Role.CLIENT, actor=request.user
            ),
            writer=user_from_input(
                user_id=fields.get("writer_id"),
                field="writer_id",
                role=Role.WRITER,
                actor=request.user,
            ),
            title=fields["title"],
            total_price=fields["total_price"],
            writer_compensation=fields["writer_compensation"],
            order_number=fields.get("order_number"),
        )
        return Response(OrderOutput(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["orders"],
        summary="Assign a writer (admins)",
        request=OrderAssignWriterInput,
        responses={200: OrderOutput, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def assign_writer(self, request, pk=None):
        data = OrderAssignWriterInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_assign_writer(
            order=self.get_object(),
            writer=user_from_input(
                user_id=data.validated_data["writer_id"],
                field="writer_id",
                role=Role.WRITER,
                actor=request.user,
            ),
        )
        return Response(OrderOutput(order).data)

    @extend_schema(
        tags=["orders"],
        summary="Move the order along its status flow (admins)",
        description=(
            "unpaid → cancelled, paid → in_progress (a writer is needed), in_progress → "
            "completed. Money decides the rest: `paid` is reached only when the order's "
            "payment completes (409 `order_payment_required` here), and an order a payment "
            "paid is cancelled by refunding that payment, "
            "`POST order-payments/payments/{id}/refund/` (409 `order_refund_required` here). "
            "An unpaid order whose manual payment is pending answers 409 "
            "`order_payment_pending` until the payment is confirmed or cancelled. Other moves "
            "answer 409 `invalid_order_transition`."
        ),
        request=OrderStatusInput,
        responses={200: OrderOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            START_THE_WORK_EXAMPLE,
            A_PAID_ORDER_IS_CANCELLED_BY_ITS_REFUND_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        data = OrderStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_status_change(order=self.get_object(), status=data.validated_data["status"])
        return Response(OrderOutput(order).data)
