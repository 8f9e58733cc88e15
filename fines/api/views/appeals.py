"""Fine appeals: writers appeal a fine, admins decide."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from core.roles import (
    RoleOutputMixin,
)
from core.schema import (
    error_responses,
)
from fines.api.examples import (
    APPEAL_DECISION_EXAMPLE,
)
from fines.api.serializers import (
    FINE_APPEAL_OUTPUTS,
    FineAppealDecisionInput,
    FineAppealOutput,
)
from fines.filters import FineAppealFilter
from fines.selectors import (
    fine_appeals_with_fine,
)
from fines.services import (
    fine_appeal_uphold,
    fine_appeal_waive,
)
from websites.permissions import IsAdmin, IsWriter
from websites.scoping import (
    WebsiteScopedViewSet,
)

TAG_APPEALS = "fines: appeals"


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
