from rest_framework.routers import DefaultRouter

from class_management.api.views import ClassBundleViewSet, ClassInstallmentViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("bundles", ClassBundleViewSet, basename="class-bundle")
router.register("installments", ClassInstallmentViewSet, basename="class-installment")

urlpatterns = router.urls
