from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy

from core.models import IdempotencyKey


def _site_header() -> str:
    return f"Writing System administration (amounts in {settings.CURRENCY})"


# Every admin page names the one currency its amounts (tips, payments, fines) are in.
admin.site.site_header = lazy(_site_header, str)()


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """Stored money/points responses of every website, read-only: superadmins only.

    They are written and pruned by the API.
    """

    list_display = ("key", "endpoint", "user", "status", "response_status", "created_at")
    list_filter = ("status", "response_status", "created_at")
    search_fields = ("key", "endpoint", "user__username", "user__email")
    list_select_related = ("user",)
    date_hierarchy = "created_at"

    @staticmethod
    def _is_superadmin(request) -> bool:
        return bool(getattr(request.user, "is_superadmin", False))

    def has_module_permission(self, request):
        return self._is_superadmin(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_superadmin(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._is_superadmin(request) and super().has_delete_permission(request, obj)
