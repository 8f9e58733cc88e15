from rest_framework.routers import DefaultRouter

from audit.api.views import AuditEntryViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("", AuditEntryViewSet, basename="audit-entry")

urlpatterns = router.urls
