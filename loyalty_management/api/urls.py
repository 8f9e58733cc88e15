from django.urls import path
from rest_framework.routers import DefaultRouter

from loyalty_management.api.views.analytics import LoyaltyAnalyticsView, TierWhatIfView
from loyalty_management.api.views.points import (
    LoyaltySummaryView,
    LoyaltyTransactionViewSet,
    PointsAwardView,
    PointsDeductView,
)
from loyalty_management.api.views.policies import RedemptionPolicyViewSet
from loyalty_management.api.views.program import (
    LoyaltyBadgeViewSet,
    LoyaltyMilestoneViewSet,
    LoyaltySettingsView,
    LoyaltyTierViewSet,
)
from loyalty_management.api.views.redemption import (
    RedemptionCategoryViewSet,
    RedemptionItemViewSet,
    RedemptionRequestViewSet,
)

router = DefaultRouter()
router.include_root_view = False
router.register("redemption-categories", RedemptionCategoryViewSet, basename="redemption-category")
router.register("redemption-items", RedemptionItemViewSet, basename="redemption-item")
router.register("redemption-requests", RedemptionRequestViewSet, basename="redemption-request")
router.register("redemption-policies", RedemptionPolicyViewSet, basename="redemption-policy")
router.register("transactions", LoyaltyTransactionViewSet, basename="loyalty-transaction")
router.register("tiers", LoyaltyTierViewSet, basename="loyalty-tier")
router.register("badges", LoyaltyBadgeViewSet, basename="loyalty-badge")
router.register("milestones", LoyaltyMilestoneViewSet, basename="loyalty-milestone")

urlpatterns = [
    path("summary/", LoyaltySummaryView.as_view(), name="loyalty-summary"),
    path("settings/", LoyaltySettingsView.as_view(), name="loyalty-settings"),
    path("award/", PointsAwardView.as_view(), name="loyalty-award"),
    path("deduct/", PointsDeductView.as_view(), name="loyalty-deduct"),
    path("analytics/", LoyaltyAnalyticsView.as_view(), name="loyalty-analytics"),
    path("what-if/tiers/", TierWhatIfView.as_view(), name="loyalty-what-if-tiers"),
    *router.urls,
]
