from django.urls import path
from rest_framework.routers import DefaultRouter

from approvals.api.views import ApprovalSettingsView, PendingAdjustmentViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("adjustments", PendingAdjustmentViewSet, basename="pending-adjustment")

urlpatterns = [
    path("settings/", ApprovalSettingsView.as_view(), name="approval-settings"),
    *router.urls,
]
