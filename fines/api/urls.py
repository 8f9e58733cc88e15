from rest_framework.routers import DefaultRouter

from fines.api.views import (
    FineAppealViewSet,
    FineTypeConfigViewSet,
    FineViewSet,
    OrderCompensationViewSet,
)

router = DefaultRouter()
router.include_root_view = False
router.register("fine-types", FineTypeConfigViewSet, basename="fine-type")
router.register("fines", FineViewSet, basename="fine")
router.register("appeals", FineAppealViewSet, basename="fine-appeal")
router.register("order-compensation", OrderCompensationViewSet, basename="order-compensation")

urlpatterns = router.urls
