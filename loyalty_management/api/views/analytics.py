"""Program analytics for admins."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.db_routing import ReplicaReadsMixin
from core.query_params import query_params_read
from core.schema import error_responses
from loyalty_management.api import examples
from loyalty_management.api.serializers.analytics import (
    LoyaltyAnalyticsOutput,
    LoyaltyAnalyticsQueryInput,
)
from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltyTier,
    LoyaltyTransaction,
    RedemptionRequest,
)
from loyalty_management.selectors import loyalty_analytics_get
from websites.permissions import IsAdmin
from websites.scoping import WEBSITE_ID_PARAMETER, website_id_from_request


class LoyaltyAnalyticsView(ReplicaReadsMixin, APIView):
    permission_classes = (IsAdmin,)
    replica_actions = frozenset({"get"})  # a report: a replica reads it when one is safe

    @extend_schema(
        tags=["loyalty: analytics"],
        summary="Points issued, redeemed, expired and outstanding; redemptions by status, type "
        "and category; top items; tiers; daily trend; engagement (admins)",
        parameters=[LoyaltyAnalyticsQueryInput, WEBSITE_ID_PARAMETER],
        responses={200: LoyaltyAnalyticsOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.response("Three days of a website", examples.ANALYTICS)],
    )
    def get(self, request):
        query = query_params_read(request, LoyaltyAnalyticsQueryInput)
        user = request.user
        website_id = website_id_from_request(request)

        def scoped(queryset):
            queryset = queryset.visible_to(user)
            return queryset if website_id is None else queryset.for_website(website_id)

        report = loyalty_analytics_get(
            transactions=scoped(LoyaltyTransaction.objects),
            requests=scoped(RedemptionRequest.objects),
            accounts=scoped(LoyaltyAccount.objects),
            tiers=scoped(LoyaltyTier.objects),
            clients=scoped(User.objects).clients(),
            days=query["days"],
        )
        return Response(LoyaltyAnalyticsOutput(report).data)
