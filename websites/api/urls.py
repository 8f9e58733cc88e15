from rest_framework.routers import DefaultRouter

from websites.api.views import WebsiteViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("websites", WebsiteViewSet, basename="website")

urlpatterns = router.urls
