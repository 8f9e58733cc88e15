"""The redemption catalog (categories, items) and redemption requests."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from core.idempotency import idempotent
from core.roles import RoleOutputMixin
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from loyalty_management.api import examples
from loyalty_management.api.serializers.redemption import (
    REDEMPTION_REQUEST_OUTPUTS,
    RedemptionApproveInput,
    RedemptionCancelInput,
    RedemptionCategoryInput,
    RedemptionCategoryOutput,
    RedemptionFulfillInput,
    RedemptionItemInput,
    RedemptionItemOutput,
    RedemptionRejectInput,
    RedemptionRequestClientOutput,
    RedemptionRequestCreateInput,
    RedemptionRequestOutput,
)
from loyalty_management.api.views.common import AdminWritesViewSet, crud_schema
from loyalty_management.filters import (
    RedemptionCategoryFilter,
    RedemptionItemFilter,
    RedemptionRequestFilter,
)
from loyalty_management.models import RedemptionCategory, RedemptionItem, RedemptionRequest
from loyalty_management.selectors import redemption_items_check
from loyalty_management.selectors.policies import sla_due
from loyalty_management.services import (
    redemption_approve,
    redemption_cancel,
    redemption_category_create,
    redemption_category_delete,
    redemption_category_update,
    redemption_create,
    redemption_fulfill,
    redemption_item_create,
    redemption_item_delete,
    redemption_item_update,
    redemption_reject,
)
from websites.crud import RowInput, ServiceCrudMixin
from websites.permissions import IsAdmin, IsClient
from websites.scoping import WebsiteScopedViewSet

TAG = "loyalty: redemption"
DECISION_KEY_NOTE = (
    "Moves points, so it needs an `Idempotency-Key`: a retry with the same key replays the "
    "first answer. A second decision under another key finds the request decided and answers "
    "409 with nothing changed."
)


@extend_schema_view(
    **crud_schema(
        "redemption category",
        RedemptionCategoryOutput,
        RedemptionCategoryInput,
        examples.CATEGORY,
        readers="admins: all of their website's; clients: the active ones",
        tag=TAG,
    )
)
class RedemptionCategoryViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, AdminWritesViewSet
):
    queryset = RedemptionCategory.objects.all()
    serializer_class = RedemptionCategoryOutput
    filterset_class = RedemptionCategoryFilter
    input_class = RedemptionCategoryInput
    create_service = staticmethod(redemption_category_create)
    update_service = staticmethod(redemption_category_update)
    delete_service = staticmethod(redemption_category_delete)
    instance_kwarg = "category"


@extend_schema_view(
    **crud_schema(
        "redemption item",
        RedemptionItemOutput,
        RedemptionItemInput,
        examples.ITEM_FOR_CLIENT,
        readers="admins: all of their website's; clients: the active ones, with can_redeem",
        tag=TAG,
        update_conflict=(
            "the type of an item that has been requested changes (`in_use`): create a new "
            "item instead"
        ),
    )
)
class RedemptionItemViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, AdminWritesViewSet
):
    queryset = RedemptionItem.objects.select_related("category").order_by(
        "category__sort_order", "category__name", "points_required", "id"
    )
    serializer_class = RedemptionItemOutput
    filterset_class = RedemptionItemFilter
    input_class = RedemptionItemInput
    create_service = staticmethod(redemption_item_create)
    update_service = staticmethod(redemption_item_update)
    delete_service = staticmethod(redemption_item_delete)
    instance_kwarg = "item"
    rows_from_input = {
        "category_id": RowInput(
            "category", RedemptionCategory.objects.all(), "Category", code="invalid_category_id"
        )
    }

    def _output(self, items: list) -> list:
        """Serialize items; for a client each carries `can_redeem`, checked for the whole page."""
        user = self.request.user
        checks = redemption_items_check(items=items, client=user) if user.is_client else {}
        context = {**self.get_serializer_context(), "redeem_checks": checks}
        return RedemptionItemOutput(items, many=True, context=context).data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self._output(list(page)))
        return Response(self._output(list(queryset)))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._output([self.get_object()])[0])


_REQUEST_EXAMPLES = [
    examples.response("A pending request (admin)", examples.REQUEST_PENDING),
    examples.response("A pending request (its client)", examples.REQUEST_PENDING_CLIENT),
]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List redemption requests (clients: their own; admins: their website's)",
        description=(
            "Admins read `RedemptionRequestOutput`; clients `RedemptionRequestClientOutput`, "
            "without `approved_by` and `fulfilled_by` (which admin acted)."
        ),
        responses={
            200: REDEMPTION_REQUEST_OUTPUTS.schema,
            **error_responses(400, 401, 403, 404),
        },
        examples=_REQUEST_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Read one redemption request (in the caller's role's shape)",
        responses={200: REDEMPTION_REQUEST_OUTPUTS.schema, **error_responses(401, 403, 404)},
        examples=_REQUEST_EXAMPLES,
    ),
)
class RedemptionRequestViewSet(
    RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = RedemptionRequest.objects.select_related(
        "client", "item", "approved_by", "fulfilled_by"
    )
    role_outputs = REDEMPTION_REQUEST_OUTPUTS
    filterset_class = RedemptionRequestFilter

    def get_queryset(self):
        return super().get_queryset().annotate(sla_due_at=sla_due())

    def get_permissions(self):
        if self.action == "create":
            return [IsClient()]
        if self.action in ("approve", "fulfill", "reject"):
            return [IsAdmin()]
        return [(IsAdmin | IsClient)()]

    def _answer(self, redemption, *, created: bool = False) -> Response:
        redemption = self.get_queryset().get(pk=redemption.pk)
        return Response(
            self.output(redemption),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        tags=[TAG],
        summary="Request a reward (clients): holds the points; discount, cash and voucher "
        "rewards are fulfilled at once",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=RedemptionRequestCreateInput,
        responses={
            201: RedemptionRequestClientOutput,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            examples.request(
                "A product, with a shipping address",
                {"item_id": 7, "fulfillment_details": {"shipping_address": "12 Elm Street"}},
            ),
            examples.response("A product: pending", examples.REQUEST_PENDING_CLIENT),
            examples.response(
                "A discount: fulfilled at once", examples.REQUEST_DISCOUNT_FULFILLED_CLIENT
            ),
        ],
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        data = RedemptionRequestCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        redemption = redemption_create(
            client=request.user,
            item_id=data.validated_data["item_id"],
            fulfillment_details=data.validated_data.get("fulfillment_details"),
        )
        # The new request is in hand with its client and item: no read back.
        return Response(self.output(redemption), status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Approve a pending request (admins): the held points are spent",
        description=DECISION_KEY_NOTE,
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=RedemptionApproveInput,
        responses={
            200: RedemptionRequestOutput,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            examples.request("With a note", {"note": "In stock, shipping this week."}),
            examples.response(
                "Approved",
                {
                    **examples.REQUEST_PENDING,
                    "status": "approved",
                    "fulfillment_details": {
                        **examples.REQUEST_PENDING["fulfillment_details"],
                        "approval_note": "In stock, shipping this week.",
                    },
                    "approved_at": "2025-03-04T10:00:00.000000Z",
                    "approved_by": {"id": 2, "username": "admin_alpha"},
                },
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def approve(self, request, pk=None):
        data = RedemptionApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        redemption = redemption_approve(
            redemption=self.get_object(), approved_by=request.user, **data.validated_data
        )
        return self._answer(redemption)

    @extend_schema(
        tags=[TAG],
        summary="Mark an approved request delivered (admins), e.g. with a tracking number",
        request=RedemptionFulfillInput,
        responses={200: RedemptionRequestOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            examples.request(
                "With tracking", {"fulfillment_details": {"tracking_number": "1Z999AA10123456784"}}
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def fulfill(self, request, pk=None):
        data = RedemptionFulfillInput(data=request.data)
        data.is_valid(raise_exception=True)
        redemption = redemption_fulfill(
            redemption=self.get_object(),
            fulfilled_by=request.user,
            fulfillment_details=data.validated_data.get("fulfillment_details"),
        )
        return self._answer(redemption)

    @extend_schema(
        tags=[TAG],
        summary="Reject a pending request (admins, reason required): points and stock released",
        description=DECISION_KEY_NOTE,
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=RedemptionRejectInput,
        responses={
            200: RedemptionRequestOutput,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[examples.request("Out of this size", {"reason": "This size is sold out."})],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def reject(self, request, pk=None):
        data = RedemptionRejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        redemption = redemption_reject(
            redemption=self.get_object(),
            rejected_by=request.user,
            reason=data.validated_data["reason"],
        )
        return self._answer(redemption)

    @extend_schema(
        tags=[TAG],
        summary="Cancel a request: a pending one (its client or an admin) releases its points; "
        "an approved one (admins) gets them refunded",
        description=f"{DECISION_KEY_NOTE} The answer is in the caller's role's shape.",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=RedemptionCancelInput,
        responses={
            200: REDEMPTION_REQUEST_OUTPUTS.schema,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[examples.request("Changed my mind", {"reason": "Changed my mind."})],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def cancel(self, request, pk=None):
        data = RedemptionCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        redemption = redemption_cancel(
            redemption=self.get_object(),
            cancelled_by=request.user,
            reason=data.validated_data.get("reason", ""),
        )
        return self._answer(redemption)
