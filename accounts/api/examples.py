"""OpenAPI examples of this app's endpoints (values only)."""

from drf_spectacular.utils import OpenApiExample

ADMIN_LOGIN_EXAMPLE = OpenApiExample(
    "Admin login",
    value={"username": "admin_alpha", "password": "demo-pass-123"},
    request_only=True,
)
