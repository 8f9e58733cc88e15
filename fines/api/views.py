from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from accounts.models import Role
from accounts.selectors import user_from_input
from core.idempotency import (
    idempotent,
)
from core.roles import (
    RoleOutputMixin,
)
from core.schema import (
    IDEMPOTENCY_KEY_HEADER,
    error_responses,
)
from fines.api.serializers import (
    FINE_APPEAL_OUTPUTS,
    FINE_OUTPUTS,
    ORDER_COMPENSATION_OUTPUTS,
    FineAppealCreateInput,
    FineAppealDecisionInput,
    FineAppealOutput,
    FineAppealWriterOutput,
    FineIssueInput,
    FineOutput,
    FineResolutionInput,
    FineTypeCreateInput,
    FineTypeOutput,
    FineTypeUpdateInput,
)
from fines.exceptions import GlobalFineTypeReadOnly
from fines.filters import FineAppealFilter, FineFilter, FineTypeConfigFilter
from fines.models import Fine, FineTypeConfig
from fines.selectors import (
    fine_appeals_with_fine,
    fine_types_effective_for_website,
    order_compensation_get,
)
from fines.services import (
    fine_appeal_create,
    fine_appeal_uphold,
    fine_appeal_waive,
    fine_issue,
    fine_type_create,
    fine_type_delete,
    fine_type_update,
    fine_void,
    fine_waive,
)
from orders.models import Order
from websites.crud import ServiceCrudMixin, visible_row_from_input
from websites.permissions import IsAdmin, IsWriter
from websites.scoping import (
    WEBSITE_ID_PARAMETER,
    WebsiteScopedViewSet,
    website_of_request,
)

TAG_TYPES = "fines: types"
TAG_FINES = "fines"
TAG_APPEALS = "fines: appeals"

FINE_TYPE_EXAMPLE = OpenApiExample(
    "Late delivery: 10% of the writer's pay, between 5 and 50",
    value={
        "id": 3,
        "website": {"id": 1, "name": "Alpha Essays"},
        "is_global": False,
        "code": "late_delivery",
        "name": "Late delivery",
        "description": "Delivered after the deadline.",
        "calculation": "percentage",
        "amount": None,
        "percentage": 10.0,
        "base_amount": "writer_compensation",
        "min_amount": 5.0,
        "max_amount": 50.0,
        "origin": "admin",
        "is_active": True,
        "created_at": "2025-03-01T10:00:00Z",
        "updated_at": "2025-03-01T10:00:00Z",
    },
    response_only=True,
)
FINE_EXAMPLE = OpenApiExample(
    "An issued fine",
    value={
        "id": 17,
        "website": {"id": 1, "name": "Alpha Essays"},
        "order": {"id": 42, "order_number": "ALPHA-0042", "title": "Essay on trade policy"},
        "writer": {"id": 9, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
        "fine_type": {"id": 3, "code": "late_delivery", "name": "Late delivery"},
        "amount": 7.0,
        "reason": "Delivered 6 hours late.",
        "status": "issued",
        "is_active": True,
        "issued_by": 2,
        "issued_at": "2025-03-02T09:00:00Z",
        "appealed_by": None,
        "appealed_at": None,
        "upheld_by": None,
        "upheld_at": None,
        "waived_by": None,
        "waived_at": None,
        "voided_by": None,
        "voided_at": None,
        "resolution_note": "",
        "appeal": None,
        "created_at": "2025-03-02T09:00:00Z",
        "updated_at": "2025-03-02T09:00:00Z",
    },
    response_only=True,
)
_ADMIN_ONLY_FINE_FIELDS = ("issued_by", "appealed_by", "upheld_by", "waived_by", "voided_by")
FINE_EXAMPLE_WRITER = OpenApiExample(
    "An issued fine (the fined writer)",
    value={k: v for k, v in FINE_EXAMPLE.value.items() if k not in _ADMIN_ONLY_FINE_FIELDS},
    response_only=True,
)
FINE_EXAMPLES = [FINE_EXAMPLE, FINE_EXAMPLE_WRITER]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_TYPES],
        summary="List fine types: your website's and the global ones (admins)",
        responses={200: FineTypeOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[FINE_TYPE_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=[TAG_TYPES],
        summary="Read one fine type (admins)",
        responses={200: FineTypeOutput, **error_responses(401, 403, 404)},
        examples=[FINE_TYPE_EXAMPLE],
    ),
    create=extend_schema(
        tags=[TAG_TYPES],
        summary="Create a fine type (admins: for their website; superadmins: global or any)",
        request=FineTypeCreateInput,
        responses={201: FineTypeOutput, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample(
                "A fixed fine",
                value={
                    "code": "missed_revision",
                    "name": "Missed revision",
                    "calculation": "fixed",
                    "amount": 15.0,
                },
                request_only=True,
            ),
            OpenApiExample(
                "A percentage of the order total, clamped",
                value={
                    "code": "plagiarism",
                    "name": "Plagiarism",
                    "calculation": "percentage",
                    "percentage": 30.0,
                    "base_amount": "total_price",
                    "min_amount": 20.0,
                    "max_amount": 200.0,
                },
                request_only=True,
            ),
            FINE_TYPE_EXAMPLE,
        ],
    ),
    partial_update=extend_schema(
        tags=[TAG_TYPES],
        summary="Change a fine type (global types: superadmins only)",
        request=FineTypeUpdateInput,
        responses={200: FineTypeOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample("Deactivate", value={"is_active": False}, request_only=True),
            FINE_TYPE_EXAMPLE,
        ],
    ),
    destroy=extend_schema(
        tags=[TAG_TYPES],
        summary="Delete an admin-created fine type no fine uses",
        responses={204: None, **error_responses(401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "System types are kept",
                value={
                    "detail": "System-defined fine types cannot be deleted; deactivate them "
                    "instead.",
                    "code": "system_fine_type_protected",
                },
                response_only=True,
                status_codes=["409"],
            )
        ],
    ),
)
class FineTypeConfigViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = FineTypeConfig.objects.select_related("website")
    serializer_class = FineTypeOutput
    filterset_class = FineTypeConfigFilter
    permission_classes = (IsAdmin,)
    http_method_names = ("get", "post", "patch", "delete", "head", "options")
    input_class = FineTypeCreateInput
    update_input_class = FineTypeUpdateInput
    create_service = staticmethod(fine_type_create)
    update_service = staticmethod(fine_type_update)
    delete_service = staticmethod(fine_type_delete)
    instance_kwarg = "fine_type"

    def create_website(self, website_id: int | None):
        """A superadmin who names no website creates a global type (every website's)."""
        if self.request.user.is_superadmin and website_id is None:
            return None
        return super().create_website(website_id)

    def crud_object(self) -> FineTypeConfig:
        """A global type is changed or deleted by superadmins only."""
        fine_type = self.get_object()
        if fine_type.website_id is None and not self.request.user.is_superadmin:
            raise GlobalFineTypeReadOnly
        return fine_type

    @extend_schema(
        tags=[TAG_TYPES],
        summary="The fine types in force on a website (its own win over global ones)",
        parameters=[WEBSITE_ID_PARAMETER],
        responses={200: FineTypeOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[FINE_TYPE_EXAMPLE],
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=())
    def effective(self, request):
        website = website_of_request(request)
        fine_types = fine_types_effective_for_website(website_id=website.pk)
        return Response(FineTypeOutput(fine_types, many=True).data)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_FINES],
        summary="List fines (admins: their website's; writers: their own)",
        description=(
            "Each role gets its own shape: admins `FineOutput`; the fined writer "
            "`FineWriterOutput`, without the ids of the admins who issued, upheld, waived or "
            "voided it (`*_by`)."
        ),
        responses={200: FINE_OUTPUTS.schema, **error_responses(400, 401, 403, 404)},
        examples=FINE_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=[TAG_FINES],
        summary="Read one fine (in the caller's role's shape)",
        responses={200: FINE_OUTPUTS.schema, **error_responses(401, 403, 404)},
        examples=FINE_EXAMPLES,
    ),
)
class FineViewSet(RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = Fine.objects.select_related("website", "order", "writer", "fine_type", "appeal")
    role_outputs = FINE_OUTPUTS
    filterset_class = FineFilter
    permission_classes = (IsAdmin | IsWriter,)

    def get_permissions(self):
        if self.action in ("create", "waive", "void"):
            return [IsAdmin()]
        if self.action == "appeal":
            return [IsWriter()]
        return super().get_permissions()

    @extend_schema(
        tags=[TAG_FINES],
        summary="Fine an order's writer (admins); the amount is computed from the order",
        description=(
            "Needs an `Idempotency-Key`: a double submit with the same key issues one fine "
            "and replays its answer."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=FineIssueInput,
        responses={201: FineOutput, **error_responses(400, 401, 403, 409, 422)},
        examples=[
            OpenApiExample(
                "Issue a late-delivery fine",
                value={
                    "order_id": 42,
                    "fine_type_code": "late_delivery",
                    "reason": "Delivered 6 hours late.",
                },
                request_only=True,
            ),
            FINE_EXAMPLE,
        ],
    )
    @idempotent
    def create(self, request):
        data = FineIssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        order = visible_row_from_input(
            Order.objects.all(), user=request.user, pk=fields["order_id"], field="order_id"
        )
        fine = fine_issue(
            order=order,
            fine_type_code=fields["fine_type_code"],
            reason=fields["reason"],
            issued_by=request.user,
            writer=user_from_input(
                user_id=fields.get("writer_id"),
                field="writer_id",
                role=Role.WRITER,
                actor=request.user,
            ),
        )
        return Response(FineOutput(fine).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG_FINES],
        summary="Waive a fine (admins): it no longer reduces the writer's pay",
        request=FineResolutionInput,
        responses={200: FineOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Waive", value={"note": "Client confirmed the extension."}, request_only=True
            ),
            FINE_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        data = FineResolutionInput(data=request.data)
        data.is_valid(raise_exception=True)
        fine = fine_waive(
            fine=self.get_object(), waived_by=request.user, note=data.validated_data["note"]
        )
        return Response(FineOutput(self._reload(fine)).data)

    @extend_schema(
        tags=[TAG_FINES],
        summary="Void an issued fine issued in error (admins)",
        request=FineResolutionInput,
        responses={200: FineOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample("Void", value={"note": "Wrong order."}, request_only=True),
            FINE_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        data = FineResolutionInput(data=request.data)
        data.is_valid(raise_exception=True)
        fine = fine_void(
            fine=self.get_object(), voided_by=request.user, note=data.validated_data["note"]
        )
        return Response(FineOutput(self._reload(fine)).data)

    @extend_schema(
        tags=[TAG_APPEALS],
        summary="Appeal your issued fine, once (writers)",
        request=FineAppealCreateInput,
        responses={201: FineAppealWriterOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Appeal",
                value={"reason": "The client moved the deadline; see the order messages."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        data = FineAppealCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = fine_appeal_create(
            fine=self.get_object(), writer=request.user, reason=data.validated_data["reason"]
        )
        appeal = fine_appeals_with_fine().get(pk=appeal.pk)
        return Response(FineAppealWriterOutput(appeal).data, status=status.HTTP_201_CREATED)

    def _reload(self, fine: Fine) -> Fine:
        return self.get_queryset().get(pk=fine.pk)


APPEAL_DECISION_EXAMPLE = OpenApiExample(
    "Decide", value={"note": "Checked the order history."}, request_only=True
)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_APPEALS],
        summary="List fine appeals (admins: their website's; writers: their own)",
        description=(
            "Admins read `FineAppealOutput`; the writer who appealed `FineAppealWriterOutput`, "
            "without `decided_by` and with the fine in the writer's shape."
        ),
        responses={200: FINE_APPEAL_OUTPUTS.schema, **error_responses(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        tags=[TAG_APPEALS],
        summary="Read one appeal (in the caller's role's shape)",
        responses={200: FINE_APPEAL_OUTPUTS.schema, **error_responses(401, 403, 404)},
    ),
)
class FineAppealViewSet(RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = fine_appeals_with_fine()
    role_outputs = FINE_APPEAL_OUTPUTS
    filterset_class = FineAppealFilter
    permission_classes = (IsAdmin | IsWriter,)

    def get_permissions(self):
        if self.action in ("uphold", "waive"):
            return [IsAdmin()]
        return super().get_permissions()

    @extend_schema(
        tags=[TAG_APPEALS],
        summary="Reject the appeal: the fine is upheld (admins)",
        request=FineAppealDecisionInput,
        responses={200: FineAppealOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[APPEAL_DECISION_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def uphold(self, request, pk=None):
        data = FineAppealDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = fine_appeal_uphold(
            appeal=self.get_object(), decided_by=request.user, note=data.validated_data["note"]
        )
        return Response(FineAppealOutput(self.get_queryset().get(pk=appeal.pk)).data)

    @extend_schema(
        tags=[TAG_APPEALS],
        summary="Accept the appeal: the fine is waived (admins)",
        request=FineAppealDecisionInput,
        responses={200: FineAppealOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[APPEAL_DECISION_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        data = FineAppealDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = fine_appeal_waive(
            appeal=self.get_object(), decided_by=request.user, note=data.validated_data["note"]
        )
        return Response(FineAppealOutput(self.get_queryset().get(pk=appeal.pk)).data)


_COMPENSATION_EXAMPLE_WRITER = {
    "order": {"id": 42, "order_number": "ALPHA-0042", "title": "Essay"},
    "writer_compensation": 70.0,
    "active_fines_total": 7.0,
    "effective_writer_compensation": 63.0,
    "fines": [FINE_EXAMPLE_WRITER.value],
}
_COMPENSATION_EXAMPLE_ADMIN = {
    **_COMPENSATION_EXAMPLE_WRITER,
    "writer": {"id": 9, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
    "fines": [FINE_EXAMPLE.value],
}


@extend_schema_view(
    retrieve=extend_schema(
        tags=[TAG_FINES],
        summary="What an order pays its writer after active fines (admins; the order's writer)",
        description=(
            "Only the fines of the order's current writer count and are listed: a reassigned "
            "order's earlier fines belong to the earlier writer (they stay in `fines/` with "
            "that writer). Admins read `OrderCompensationOutput`; the order's writer "
            "`OrderCompensationWriterOutput`, with their fines in the writer's shape."
        ),
        responses={200: ORDER_COMPENSATION_OUTPUTS.schema, **error_responses(401, 403, 404)},
        examples=[
            OpenApiExample(
                "One active fine (admin)", value=_COMPENSATION_EXAMPLE_ADMIN, response_only=True
            ),
            OpenApiExample(
                "One active fine (the order's writer)",
                value=_COMPENSATION_EXAMPLE_WRITER,
                response_only=True,
            ),
        ],
    ),
)
class OrderCompensationViewSet(RoleOutputMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = Order.objects.select_related("writer")
    role_outputs = ORDER_COMPENSATION_OUTPUTS
    permission_classes = (IsAdmin | IsWriter,)

    def retrieve(self, request, pk=None):
        return Response(self.output(order_compensation_get(order=self.get_object())))
