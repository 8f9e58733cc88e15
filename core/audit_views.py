"""The API's door to the audit log: every admin or superadmin write leaves one entry.

`AuditedWritesMixin` sits on every website-scoped viewset (`websites.scoping`) and on each
admin write view that is not one. For a POST, PUT, PATCH or DELETE by an admin or a superadmin,
once authentication and permissions passed, it reads the object the operation is about, runs the
handler in a transaction and, when the handler answered 2xx, reads the object again and records
the change in that transaction. The object is:

- on a detail route, the row named in the path (`wallets/7/credit/`: wallet 7);
- on a create, the row whose id the response names;
- otherwise what the view declares in `audit_target(request)` (the website's settings row, the
  client's points account).

An idempotent handler already runs in the transaction that stores its response; the entry is
written there (`core.idempotency` calls `core.audit.write_pending`), and a replay writes none.
"""

import functools

from django.db import transaction
from rest_framework.permissions import SAFE_METHODS

from core.audit import (
    Target,
    is_audited_actor,
    row_id,
    scope_enter,
    scope_for_user,
    scope_leave,
    write_pending,
)
from core.client_ip import client_ip

# DRF's action names, as the audit log spells them.
_VERBS = {"create": "create", "update": "update", "partial_update": "update", "destroy": "delete"}


def _atomic_audited(handler):
    @functools.wraps(handler)
    def run(request, *args, **kwargs):
        with transaction.atomic():
            response = handler(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                write_pending(response)
            else:
                transaction.set_rollback(True)
        return response

    return run


class AuditedWritesMixin:
    """Audit the writes of admins and superadmins (see the module's docstring)."""

    audit_model = None  # the model of the rows the view writes; default: `queryset.model`
    audit_action = None  # the verb of an APIView's writes; viewsets use their action's name

    def audit_target(self, request) -> Target | None:
        """The object a non-detail write is about, or None when the write creates it."""
        return None

    def audit_retarget(self, model, pk) -> None:
        """Make the entry about this new row instead of the usual object.

        A request that waits for a second admin changed nothing but created its adjustment.
        """
        self._audit_created = (model, pk)

    def _audit_model(self):
        if self.audit_model is not None:
            return self.audit_model
        queryset = getattr(self, "queryset", None)
        return queryset.model if queryset is not None else None

    def _audit_action_name(self, request, model) -> str:
        verb = self.audit_action or _VERBS.get(getattr(self, "action", None) or "")
        verb = verb or getattr(self, "action", None) or request.method.lower()
        return f"{model._meta.model_name}.{verb}" if model is not None else verb

    def _audit_detail_target(self, model) -> Target | None:
        lookup = self.kwargs.get(getattr(self, "lookup_url_kwarg", None) or "pk")
        if lookup is None and getattr(self, "lookup_field", "pk") in self.kwargs:
            lookup = self.kwargs[self.lookup_field]
        pk = row_id(lookup)
        return Target(model, {"pk": pk}) if pk is not None else None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in SAFE_METHODS or not is_audited_actor(request.user):
            return
        scope = scope_for_user(request.user, source="api", ip=client_ip(request))
        self._audit_token = scope_enter(scope)
        model = self._audit_model()
        target = self.audit_target(request)
        if target is None and model is not None:
            target = self._audit_detail_target(model)
        if target is not None:
            model = target.model
        action = self._audit_action_name(request, model)

        def resolve(response) -> None:
            created = getattr(self, "_audit_created", None)
            if created is not None:
                model_created, pk = created
                action_created = f"{model_created._meta.model_name}.create"
                Target(model_created, {"pk": pk}, created=True).record(action_created, scope=scope)
                return
            found = target
            if found is None and model is not None:
                data = getattr(response, "data", None)
                created_id = row_id(data.get("id")) if isinstance(data, dict) else None
                if created_id is not None:
                    found = Target(model, {"pk": created_id}, created=True)
            if found is not None:
                found.record(action, scope=scope)

        scope.pending.append(resolve)
        handler_name = request.method.lower()
        handler = getattr(self, handler_name, None)
        if handler is not None and not getattr(handler, "idempotent", False):
            setattr(self, handler_name, _atomic_audited(handler))

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_audit_token", None)
        if token is not None:
            self._audit_token = None
            scope_leave(token)
        return super().finalize_response(request, response, *args, **kwargs)
