from django.urls import path
from rest_framework.routers import DefaultRouter

from writer_management.api.views import (
    TipSettingsView,
    TipViewSet,
    WriterLevelViewSet,
    WriterProfileViewSet,
)

router = DefaultRouter()
router.include_root_view = False
router.register("tips", TipViewSet, basename="tip")
router.register("writer-level-configs", WriterLevelViewSet, basename="writer-level-config")
router.register("writer-profiles", WriterProfileViewSet, basename="writer-profile")

urlpatterns = [
    path("tip-settings/", TipSettingsView.as_view(), name="tip-settings"),
    *router.urls,
]
