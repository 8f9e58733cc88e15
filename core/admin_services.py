"""The Django admin changes state only through the apps' services.

- `rows_apply` runs a service on each row selected for an admin action and reports, row by
  row, what went through and what a rule refused (never a 500 for a refusal);
  `rows_apply_with_form` first asks for the action's input (a reason, a reference).
- `ServiceFormAdmin` makes a model admin's add, change and delete call the owning app's
  create, update and delete services, so the admin cannot store a row the API would refuse;
  a refusal is shown on the form, next to the field it names.

Money and state fields (amounts, balances, statuses, paid flags, counters) are read-only in
every admin; they move only through these actions.
"""

from collections.abc import Callable
from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from core.audit import (
    current_scope,
    opened,
    record_change,
    row_id,
    scope_for_user,
    snapshot,
)
from core.client_ip import client_ip
from core.exceptions import DomainError

REFUSALS = (DomainError, ValidationError)


def refusal_text(error: Exception) -> str:
    """The message of a refused service call, as an admin reads it."""
    if isinstance(error, DomainError):
        return error.message
    return " ".join(error.messages)


def rows_apply(
    model_admin: admin.ModelAdmin,
    request,
    queryset: models.QuerySet,
    apply: Callable[[models.Model], object],
    *,
    verb: str,
    noun: str = "row",
) -> None:
    """Call `apply` (a service) on each selected row, oldest first, and report every row.

    Each row is its own transaction: a row a rule refuses is reported and left unchanged, and
    the other rows still go through.
    """
    done, refused = 0, []
    action = request.POST.get("action") or verb
    scope = current_scope() or scope_for_user(request.user, source="admin", ip=client_ip(request))
    model = queryset.model
    for row in queryset.order_by("pk"):
        try:
            with opened(scope), transaction.atomic():
                before = snapshot(model, {"pk": row.pk})
                apply(row)
                record_change(
                    f"{model._meta.model_name}.{action}",
                    model,
                    before=before,
                    after=snapshot(model, {"pk": row.pk}),
                    object_repr=str(row),
                )
        except REFUSALS as error:
            refused.append(f"#{row.pk}: {refusal_text(error)}")
        else:
            done += 1
    if done:
        model_admin.message_user(request, f"{done} {noun}(s) {verb}.", messages.SUCCESS)
    for line in refused:
        model_admin.message_user(request, f"Not {verb}: {line}", messages.WARNING)


def rows_apply_with_form(
    model_admin: admin.ModelAdmin,
    request,
    queryset: models.QuerySet,
    apply: Callable[..., object],
    *,
    form_class: type[forms.Form],
    verb: str,
    noun: str = "row",
    title: str,
    intro: str,
):
    """Ask for the action's input on a page of its own, then `rows_apply` with it.

    `apply(row, **cleaned_data)` runs once the form is valid; until then the form is shown
    again with its errors and nothing changes.
    """
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        rows_apply(
            model_admin,
            request,
            queryset,
            lambda row: apply(row, **form.cleaned_data),
            verb=verb,
            noun=noun,
        )
        return None
    return TemplateResponse(
        request,
        "admin/core/action_form.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": model_admin.model._meta,
            "form": form,
            "rows": queryset.order_by("pk"),
            "action": request.POST.get("action", ""),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        },
    )


class ServiceActionsAdmin(admin.ModelAdmin):
    """Admin actions that call services need the `act` permission: the model's change one.

    Rows may be read-only in the form (no `has_change_permission`) and still be moved by an
    action, so actions declare `permissions=["act"]`.
    """

    def has_act_permission(self, request) -> bool:
        opts = self.opts
        codename = get_permission_codename("change", opts)
        return request.user.has_perm(f"{opts.app_label}.{codename}")


class ServiceFormAdmin(ServiceActionsAdmin):
    """Add, change and delete through the owning app's services.

    Subclasses implement `service_create(request, data)` (returns the new row),
    `service_update(request, obj, changes)` (only the fields the user changed; returns the row)
    and, when rows may be deleted, `service_delete(request, obj)`. `error_fields` maps the
    field a service names (`level_id`) to the form field (`level`) when the two differ.
    """

    error_fields: dict[str, str] = {}

    def service_create(self, request, data: dict) -> models.Model:
        raise NotImplementedError

    def service_update(self, request, obj: models.Model, changes: dict) -> models.Model:
        raise NotImplementedError

    def service_delete(self, request, obj: models.Model) -> None:
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self._errors:
                    return
                try:
                    # The service writes now, so a refusal can still be shown on the form. The
                    # savepoint undoes a refused call; `changeform_view` undoes an accepted one
                    # when the page is shown again with other errors (an inline's).
                    with transaction.atomic():
                        if obj is None:
                            saved = model_admin.service_create(request, dict(self.cleaned_data))
                        else:
                            changes = {
                                name: self.cleaned_data[name]
                                for name in self.changed_data
                                if name in self.cleaned_data
                            }
                            saved = (
                                model_admin.service_update(request, obj, changes)
                                if changes
                                else self.instance
                            )
                except REFUSALS as error:
                    model_admin.refusal_to_form(self, error)
                else:
                    self.instance = saved

        return ServiceForm

    def refusal_to_form(self, form: forms.BaseForm, error: Exception) -> None:
        """Show a refused service call on the field it names (or at the top of the form)."""
        if isinstance(error, DomainError):
            fields = {error.field: [error.message]}
        elif hasattr(error, "error_dict"):
            fields = {None if name == NON_FIELD_ERRORS else name: found for name, found in error}
        else:
            fields = {None: error.messages}
        for name, messages_ in fields.items():
            target = self.error_fields.get(name, name)
            if target is not None and target not in form.fields:
                target = target.removesuffix("_id")
            form.add_error(target if target in form.fields else None, messages_)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            redisplayed = "adminform" in (getattr(response, "context_data", None) or {})
            if request.method == "POST" and redisplayed:
                # The form came back with errors (its own, or an inline's after the service
                # ran): a page that shows errors has saved nothing.
                transaction.set_rollback(True)
            return response

    def save_model(self, request, obj, form, change):
        """The service saved the row while the form was validated."""

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except REFUSALS as error:
            self.message_user(request, f"Not deleted: {refusal_text(error)}", messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    def get_actions(self, request):
        # Bulk deletion would skip the service's checks; rows are deleted one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyAdminMixin:
    """Rows written only by the services: visible, never added, changed or deleted here.

    Works on a `ModelAdmin` and on an inline (whose permission checks also take `obj`).
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """Every add, change and deletion made in the Django admin leaves one audit entry.

    The change form and the delete page read the row first; Django's own `log_addition`,
    `log_change` and `log_deletions` (called inside the page's transaction, only when the write
    went through) record the entry. Actions record each row they move (`rows_apply`).
    """

    @contextmanager
    def _audited(self, request, object_id):
        scope = current_scope()
        if scope is None:
            scope = scope_for_user(request.user, source="admin", ip=client_ip(request))
        with opened(scope), transaction.atomic(using=router.db_for_write(self.model)):
            pk = row_id(str(object_id)) if object_id is not None else None
            if pk is not None:
                scope.snapshots[(self.model, pk)] = snapshot(self.model, {"pk": pk})
            yield scope

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with self._audited(request, object_id):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with self._audited(request, object_id):
            return super().delete_view(request, object_id, extra_context)

    def response_action(self, request, queryset):
        # Actions (Django's bulk delete too) record each row in one audited transaction.
        with self._audited(request, None):
            return super().response_action(request, queryset)

    def _audit_record(self, verb: str, obj, *, before, after) -> None:
        record_change(
            f"{obj._meta.model_name}.{verb}",
            type(obj),
            before=before,
            after=after,
            object_repr=str(obj),
        )

    def log_addition(self, request, obj, message):
        self._audit_record("create", obj, before=None, after=snapshot(type(obj), {"pk": obj.pk}))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        scope = current_scope()
        before = scope.snapshots.pop((type(obj), obj.pk), None) if scope is not None else None
        self._audit_record("update", obj, before=before, after=snapshot(type(obj), {"pk": obj.pk}))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        scope = current_scope()
        for obj in queryset:
            before = scope.snapshots.pop((type(obj), obj.pk), None) if scope else None
            before = before or snapshot(type(obj), {"pk": obj.pk})
            self._audit_record("delete", obj, before=before, after=None)
        return super().log_deletions(request, queryset)
