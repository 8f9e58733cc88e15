from rest_framework.routers import DefaultRouter

from admin_management.api.views import TipAdminViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("tips", TipAdminViewSet, basename="tip-admin")

urlpatterns = router.urls
