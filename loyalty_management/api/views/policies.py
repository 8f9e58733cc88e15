"""Auto-approval policies for redemption requests (admins), and their dry run."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from core.query_params import query_params_read
from core.schema import error_responses
from loyalty_management.api import examples
from loyalty_management.api.serializers.redemption import (
    PolicyDryRunInput,
    PolicyDryRunOutput,
    RedemptionPolicyInput,
    RedemptionPolicyOutput,
)
from loyalty_management.api.views.common import AdminOnlyViewSet, crud_schema
from loyalty_management.models import RedemptionPolicy
from loyalty_management.selectors.policies import policy_dry_run
from loyalty_management.services import (
    redemption_policy_create,
    redemption_policy_delete,
    redemption_policy_update,
)
from websites.crud import ServiceCrudMixin

TAG = "loyalty: redemption"


@extend_schema_view(
    **crud_schema(
        "redemption policy",
        RedemptionPolicyOutput,
        RedemptionPolicyInput,
        examples.POLICY,
        readers="admins",
        tag=TAG,
    )
)
class RedemptionPolicyViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, AdminOnlyViewSet
):
    """Policies that approve redemption requests on creation.

    A request for a product or service item is approved when every rule of one active policy
    holds; otherwise it waits for review with the refused rules' codes.
    """

    queryset = RedemptionPolicy.objects.all()
    serializer_class = RedemptionPolicyOutput
    input_class = RedemptionPolicyInput
    create_service = staticmethod(redemption_policy_create)
    update_service = staticmethod(redemption_policy_update)
    delete_service = staticmethod(redemption_policy_delete)
    instance_kwarg = "policy"

    @extend_schema(
        tags=[TAG],
        summary="How the policy would have decided the last N days' requests (admins; nothing changes)",
        parameters=[PolicyDryRunInput],
        responses={200: PolicyDryRunOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.response("87 of 120 approved", examples.DRY_RUN)],
    )
    @action(detail=True, methods=["get"], url_path="dry-run")
    def dry_run(self, request, pk=None):
        params = query_params_read(request, PolicyDryRunInput)
        return Response(policy_dry_run(self.get_object(), days=params["days"]))
