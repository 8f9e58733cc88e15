"""Program analytics for admins."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.db_routing import ReplicaReadsMixin
from core.query_params import query_params_read
from core.schema import error_responses
from loyalty_management.api import examples
from loyalty_management.api.serializers.analytics import (
    LoyaltyAnalyticsOutput,
    LoyaltyAnalyticsQueryInput,
    TierWhatIfInput,
    TierWhatIfOutput,
)
from loyalty_management.selectors import loyalty_analytics_for
from loyalty_management.selectors.whatif import tier_thresholds_what_if
from websites.permissions import IsAdmin
from websites.scoping import WEBSITE_ID_PARAMETER, website_id_from_request, website_of_request


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
        report = loyalty_analytics_for(
            user=request.user, website_id=website_id_from_request(request), days=query["days"]
        )
        return Response(LoyaltyAnalyticsOutput(report).data)


class TierWhatIfView(APIView):
    """Read-only: nothing is written whatever the thresholds."""

    permission_classes = (IsAdmin,)

    @extend_schema(
        tags=["loyalty: analytics"],
        summary="What if the tier thresholds were these? Clients per tier today, and moves (admins)",
        description=(
            "One threshold per tier of the website, lowest rank first. Answers, per tier, the "
            "clients it holds now and would hold with the given thresholds (by their lifetime "
            "points today), and how many clients would move up or down. Nothing changes. "
            "Superadmins name the website with `website_id`."
        ),
        parameters=[TierWhatIfInput, WEBSITE_ID_PARAMETER],
        responses={200: TierWhatIfOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.response("Lower silver", examples.TIER_WHAT_IF)],
    )
    def get(self, request):
        query = query_params_read(request, TierWhatIfInput)
        website = website_of_request(request)
        report = tier_thresholds_what_if(website_id=website.pk, thresholds=query["thresholds"])
        return Response(TierWhatIfOutput(report).data)
