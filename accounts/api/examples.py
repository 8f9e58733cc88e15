"""OpenAPI examples of this app's endpoints (values only)."""

from drf_spectacular.utils import OpenApiExample

ADMIN_LOGIN_EXAMPLE = OpenApiExample(
    "Admin login",
    value={"username": "admin_alpha", "password": "demo-pass-123"},
    request_only=True,
)

ERASED_USER_EXAMPLE = OpenApiExample(
    "Erased: a pseudonym, deactivated",
    value={
        "id": 57,
        "username": "erased-3f9a0c61d2b7e845",
        "email": "erased-3f9a0c61d2b7e845@erased.invalid",
        "first_name": "",
        "last_name": "",
        "role": "client",
        "website": {"id": 3, "name": "Alpha Essays"},
        "is_active": False,
        "date_joined": "2026-03-02T09:12:44Z",
        "erased_at": "2026-12-05T17:40:00Z",
    },
    response_only=True,
)
