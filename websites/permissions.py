"""Role permissions, checked after authentication (anonymous callers get 401 first)."""

from rest_framework.permissions import BasePermission


class _RolePermission(BasePermission):
    message = "Your role may not do this."
    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in self.roles)


class IsSuperAdmin(_RolePermission):
    roles = ("superadmin",)


class IsAdmin(_RolePermission):
    """Admins of a website and superadmins."""

    roles = ("admin", "superadmin")


class IsWriter(_RolePermission):
    roles = ("writer",)


class IsClient(_RolePermission):
    roles = ("client",)
