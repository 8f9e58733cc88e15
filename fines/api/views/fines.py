"""Fines: admins issue, uphold, waive and void them; writers read and appeal their own."""

from drf_spectacular.utils import extend_schema, extend_schema_view
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
from fines.api.examples import (
    APPEAL_EXAMPLE,
    FINE_EXAMPLE,
    FINE_EXAMPLES,
    ISSUE_A_LATE_DELIVERY_FINE_EXAMPLE,
    VOID_EXAMPLE,
    WAIVE_EXAMPLE,
)
from fines.api.serializers import (
    FINE_OUTPUTS,
    FineAppealCreateInput,
    FineAppealWriterOutput,
    FineIssueInput,
    FineOutput,
    FineResolutionInput,
)
from fines.api.views.appeals import TAG_APPEALS
from fines.filters import FineFilter
from fines.models import Fine
from fines.selectors import (
    fine_appeals_with_fine,
)
from fines.services import (
    fine_appeal_create,
    fine_issue,
    fine_void,
    fine_waive,
)
from orders.models import Order
from websites.crud import visible_row_from_input
from websites.permissions import IsAdmin, IsWriter
from websites.scoping import (
    WebsiteScopedViewSet,
)

TAG_FINES = "fines"


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
            ISSUE_A_LATE_DELIVERY_FINE_EXAMPLE,
            FINE_EXAMPLE,
        ],
    )
    @idempotent
    def create(self, request):
        data = FineIssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        order = visible_row_from_input(
            Order.objects.all(),
            user=request.user,
            pk=fields["order_id"],
            field="order_id",
            code="invalid_order_id",
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
            WAIVE_EXAMPLE,
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
            VOID_EXAMPLE,
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
        examples=[APPEAL_EXAMPLE],
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
