from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts.api.urls import auth_urlpatterns
from admin_management.admin_pages import loyalty_page, tips_page
from core.views import LivenessView, ReadinessView
from order_payments_management.api.urls import order_urlpatterns

api_v1 = [
    path("auth/", include(auth_urlpatterns)),
    path("", include("accounts.api.urls")),
    path("", include("websites.api.urls")),
    path("", include("orders.api.urls")),
    path("", include(order_urlpatterns)),
    path("order-payments/", include("order_payments_management.api.urls")),
    path("class-management/", include("class_management.api.urls")),
    path("fines/", include("fines.api.urls")),
    path("writer-management/", include("writer_management.api.urls")),
    path("loyalty-management/", include("loyalty_management.api.urls")),
    path("admin-management/", include("admin_management.api.urls")),
    path("audit/", include("audit.api.urls")),
    path("approvals/", include("approvals.api.urls")),
    path("webhooks/", include("webhooks.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "docs/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="core/redoc.html"),
        name="redoc",
    ),
]

urlpatterns = [
    path("admin/reports/tips/", admin.site.admin_view(tips_page), name="admin-reports-tips"),
    path(
        "admin/reports/loyalty/", admin.site.admin_view(loyalty_page), name="admin-reports-loyalty"
    ),
    path("admin/", admin.site.urls),
    path("health/live/", LivenessView.as_view(), name="health-live"),
    path("health/ready/", ReadinessView.as_view(), name="health-ready"),
    path("api/v1/", include(api_v1)),
]

if settings.PERF_ANCHOR:  # benchmarks only (never in production)
    urlpatterns.insert(0, path("api/v1/", include("perf.urls")))

if settings.SILK_ENABLED:
    urlpatterns.append(path("silk/", include("silk.urls", namespace="silk")))

handler404 = "core.views.json_not_found"
handler500 = "core.views.json_server_error"
