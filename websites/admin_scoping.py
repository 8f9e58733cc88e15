"""The Django admin side of the one tenancy layer.

Every ModelAdmin of a website-owned model derives from `WebsiteScopedAdmin`: a user who is not
a superadmin lists, opens, changes and deletes only the rows `visible_to` gives them (another
website's id typed in a URL is a 404), picks only their own website's rows in foreign-key
fields, autocompletes and list filters, and every row they add belongs to their website.
Models that belong to the platform rather than to a website use `SuperadminOnlyAdmin`.

Only superadmins are staff (see "Who may use the Django admin" in docs/CONFIGURATION.md), so
these rules are a second line: a staff flag set by hand on a website admin still opens nothing
of another website.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404

from core.admin_services import AuditedAdminMixin, ReadOnlyAdminMixin


def sees_every_website(user) -> bool:
    """Superadmins see and pick every website's rows in the admin; everyone else their own."""
    return bool(getattr(user, "is_superadmin", False))


def rows_visible_to(model, user) -> models.QuerySet:
    """Return the rows of `model` that `user` may see or pick; models outside tenancy: none."""
    rows = model._default_manager.all()
    if sees_every_website(user):
        return rows
    if hasattr(rows, "visible_to"):
        return rows.visible_to(user)
    return rows.none()


class ScopedAllValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """Offer only the values found in the rows the user may see (never another website's)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request)
            .exclude(**{f"{field_path}__isnull": True})
            .order_by(field_path)
            .values_list(field_path, flat=True)
            .distinct()
        )


class ScopedRowsMixin:
    """Rows and choices of a model admin or inline, narrowed by the tenancy layer."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and not sees_every_website(request.user):
            kwargs["queryset"] = rows_visible_to(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and not sees_every_website(request.user):
            kwargs["queryset"] = rows_visible_to(db_field.related_model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _has_website_field(model) -> bool:
    try:
        model._meta.get_field("website")
    except FieldDoesNotExist:
        return False
    return True


class WebsiteScopedAdmin(AuditedAdminMixin, ScopedRowsMixin, admin.ModelAdmin):
    """Base of every ModelAdmin of a website-owned model (see the module docstring).

    `fixed_after_create` lists fields that may be set when a row is added but never changed
    afterwards. Only a superadmin picks a row's `website`, and only when adding it unless
    `website_fixed_after_create` is False (a user moved to another website).
    """

    fixed_after_create: tuple[str, ...] = ()
    website_fixed_after_create = True

    # Rows ----------------------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not sees_every_website(request.user):
            raise Http404("No such row.")  # another website's row reads as missing
        return obj

    def _may_see(self, request, obj) -> bool:
        if obj is None or sees_every_website(request.user):
            return True
        memo = request.__dict__.setdefault("_admin_rows_seen", {})
        key = (obj._meta.label, obj.pk)
        if key not in memo:
            memo[key] = self.get_queryset(request).filter(pk=obj.pk).exists()
        return memo[key]

    def _may_write(self, request, obj) -> bool:
        if obj is None or sees_every_website(request.user):
            return True
        if _has_website_field(self.model) and obj.website_id is None:
            return False  # a row of no website (a global fine type) is the platform's
        return self._may_see(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_see(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_write(request, obj)

    # Fields ------------------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        locked = list(self.fixed_after_create) if obj is not None else []
        if _has_website_field(self.model) and (
            not sees_every_website(request.user)
            or (obj is not None and self.website_fixed_after_create)
        ):
            locked.append("website")
        return fields + [name for name in locked if name not in fields]

    def website_for_create(self, request, data: dict):
        """Return the website of a row this user adds: a superadmin picks it, others get theirs."""
        if sees_every_website(request.user):
            return data.get("website")
        return request.user.website

    def save_model(self, request, obj, form, change):
        if not change and _has_website_field(self.model):
            obj.website = self.website_for_create(request, form.cleaned_data)
        super().save_model(request, obj, form, change)

    # Filters -----------------------------------------------------------------------------------

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if sees_every_website(request.user):
            return filters
        return tuple(self._scoped_list_filter(entry) for entry in filters)

    def _scoped_list_filter(self, entry):
        """Offer only the user's own website's related rows and values in the filter sidebar."""
        if not isinstance(entry, str):
            return entry
        field = get_fields_from_path(self.model, entry)[-1]
        if field.is_relation:
            return (entry, admin.RelatedOnlyFieldListFilter)
        if field.choices or isinstance(field, models.BooleanField | models.DateField):
            return entry
        return (entry, ScopedAllValuesFieldListFilter)


class WebsiteScopedInline(ScopedRowsMixin):
    """Mix into an inline of a website-owned model: its rows and choices stay in the website."""


class SuperadminOnlyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Rows of the platform (groups, tokens, stored responses): superadmins only."""

    def has_module_permission(self, request):
        return sees_every_website(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return sees_every_website(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return sees_every_website(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return sees_every_website(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_every_website(request.user) and super().has_delete_permission(request, obj)


class ReadOnlyWebsiteScopedAdmin(ReadOnlyAdminMixin, WebsiteScopedAdmin):
    """A website-owned model that only services write: listed and opened in its website only."""
