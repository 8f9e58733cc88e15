"""The program's settings, tiers, badges and milestones (admins)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response
from rest_framework.views import APIView

from core.audit import Target
from core.audit_views import AuditedWritesMixin
from core.schema import error_responses
from loyalty_management.api import examples
from loyalty_management.api.serializers.points import (
    LoyaltyBadgeInput,
    LoyaltyBadgeOutput,
    LoyaltyMilestoneInput,
    LoyaltyMilestoneOutput,
    LoyaltySettingsInput,
    LoyaltySettingsOutput,
    LoyaltyTierInput,
    LoyaltyTierOutput,
)
from loyalty_management.api.views.common import AdminOnlyViewSet, crud_schema
from loyalty_management.models import Badge, LoyaltySettings, LoyaltyTier, Milestone
from loyalty_management.selectors import loyalty_settings_get
from loyalty_management.services import (
    loyalty_badge_create,
    loyalty_badge_delete,
    loyalty_badge_update,
    loyalty_milestone_create,
    loyalty_milestone_delete,
    loyalty_milestone_update,
    loyalty_settings_update,
    loyalty_tier_create,
    loyalty_tier_delete,
    loyalty_tier_update,
)
from websites.crud import RowInput, ServiceCrudMixin
from websites.permissions import IsAdmin
from websites.scoping import WEBSITE_ID_PARAMETER, website_of_request

PROGRAM_TAG = "loyalty: program"


# Settings ----------------------------------------------------------------------------------------


class LoyaltySettingsView(AuditedWritesMixin, APIView):
    permission_classes = (IsAdmin,)
    audit_action = "update"

    def audit_target(self, request):
        return Target(LoyaltySettings, {"website_id": website_of_request(request).pk})

    @extend_schema(
        tags=[PROGRAM_TAG],
        summary="The website's loyalty settings (admins; the defaults until changed)",
        parameters=[WEBSITE_ID_PARAMETER],
        responses={200: LoyaltySettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.response("Points expire after a year", examples.SETTINGS)],
    )
    def get(self, request):
        website = website_of_request(request)
        return Response(LoyaltySettingsOutput(loyalty_settings_get(website_id=website.pk)).data)

    @extend_schema(
        tags=[PROGRAM_TAG],
        summary="Change the website's loyalty settings (admins)",
        parameters=[WEBSITE_ID_PARAMETER],
        request=LoyaltySettingsInput,
        responses={200: LoyaltySettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            examples.request("Expire after a year", {"points_expiry_months": 12}),
            examples.response("Points expire after a year", examples.SETTINGS),
        ],
    )
    def patch(self, request):
        website = website_of_request(request)
        data = LoyaltySettingsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        settings = loyalty_settings_update(website=website, **data.validated_data)
        return Response(LoyaltySettingsOutput(settings).data)


# Tiers, badges, milestones -----------------------------------------------------------------------


@extend_schema_view(
    **crud_schema(
        "tier",
        LoyaltyTierOutput,
        LoyaltyTierInput,
        examples.TIER,
        readers="admins",
        tag=PROGRAM_TAG,
        update_conflict=(
            "the rank changes while catalog items require the old one (`in_use`): change "
            "those items first"
        ),
    )
)
class LoyaltyTierViewSet(ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, AdminOnlyViewSet):
    queryset = LoyaltyTier.objects.all()
    serializer_class = LoyaltyTierOutput
    input_class = LoyaltyTierInput
    create_service = staticmethod(loyalty_tier_create)
    update_service = staticmethod(loyalty_tier_update)
    delete_service = staticmethod(loyalty_tier_delete)
    instance_kwarg = "tier"


@extend_schema_view(
    **crud_schema(
        "badge",
        LoyaltyBadgeOutput,
        LoyaltyBadgeInput,
        examples.BADGE,
        readers="admins",
        tag=PROGRAM_TAG,
    )
)
class LoyaltyBadgeViewSet(ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, AdminOnlyViewSet):
    queryset = Badge.objects.all()
    serializer_class = LoyaltyBadgeOutput
    input_class = LoyaltyBadgeInput
    create_service = staticmethod(loyalty_badge_create)
    update_service = staticmethod(loyalty_badge_update)
    delete_service = staticmethod(loyalty_badge_delete)
    instance_kwarg = "badge"


@extend_schema_view(
    **crud_schema(
        "milestone",
        LoyaltyMilestoneOutput,
        LoyaltyMilestoneInput,
        examples.MILESTONE,
        readers="admins",
        tag=PROGRAM_TAG,
    )
)
class LoyaltyMilestoneViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, AdminOnlyViewSet
):
    queryset = Milestone.objects.select_related("badge")
    serializer_class = LoyaltyMilestoneOutput
    input_class = LoyaltyMilestoneInput
    create_service = staticmethod(loyalty_milestone_create)
    update_service = staticmethod(loyalty_milestone_update)
    delete_service = staticmethod(loyalty_milestone_delete)
    instance_kwarg = "milestone"
    rows_from_input = {
        "badge_id": RowInput("badge", Badge.objects.all(), "Badge", code="invalid_badge_id")
    }
