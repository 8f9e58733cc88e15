from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from rest_framework_simplejwt.token_blacklist.admin import (
    BlacklistedTokenAdmin as JwtBlacklistedTokenAdmin,
)
from rest_framework_simplejwt.token_blacklist.admin import (
    OutstandingTokenAdmin as JwtOutstandingTokenAdmin,
)
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import User
from websites.admin_scoping import SuperadminOnlyAdmin, WebsiteScopedAdmin, sees_every_website


class UserCreationInput(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "role", "website")


class UserChangeInput(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(WebsiteScopedAdmin, DjangoUserAdmin):
    """Django's user admin plus the role and the website (empty only for superadmins).

    Staff and superuser status follow the role (only superadmins have them), so they are shown,
    never edited. Only a superadmin adds users or changes roles, groups and permissions.
    """

    form = UserChangeInput
    add_form = UserCreationInput
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Role and website", {"fields": ("role", "website")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "role",
                    "website",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("username", "email", "role", "website", "is_active", "is_staff", "date_joined")
    list_filter = ("role", "website", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "email", "first_name", "last_name")
    list_select_related = ("website",)
    autocomplete_fields = ("website",)
    readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")
    ordering = ("id",)
    website_fixed_after_create = False  # a superadmin may move a user or make them superadmin

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if sees_every_website(request.user):
            return fields
        locked = ("role", "groups", "user_permissions")
        return [*fields, *(name for name in locked if name not in fields)]

    def has_add_permission(self, request):
        return sees_every_website(request.user) and super().has_add_permission(request)

    def user_change_password(self, request, id, form_url=""):
        # Django's password page logs the change itself: audit it like the change form.
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        with self._audited(request, id):
            return super().user_change_password(request, id, form_url)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperadminOnlyAdmin, DjangoGroupAdmin):
    """Groups grant permissions on every website: superadmins only."""


admin.site.unregister(OutstandingToken)
admin.site.unregister(BlacklistedToken)


@admin.register(OutstandingToken)
class OutstandingTokenAdmin(SuperadminOnlyAdmin, JwtOutstandingTokenAdmin):
    """Refresh tokens of every website's users: superadmins only."""


@admin.register(BlacklistedToken)
class BlacklistedTokenAdmin(SuperadminOnlyAdmin, JwtBlacklistedTokenAdmin):
    """Revoked refresh tokens of every website's users: superadmins only."""
