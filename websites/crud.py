"""Admin-managed resources written through their app's services, and ids named in an input.

`ServiceCrudMixin` gives a `WebsiteScopedViewSet` its create, update, partial update and delete:
the input serializer checks the body, `resolve_fields` turns ids into rows the caller may see,
the app's service writes, and the answer is the row as the list renders it. A viewset states
its services and, where it differs, overrides one hook; it never hand-writes the four actions.

`visible_row_from_input` is the one way an input's `<thing>_id` becomes a row: only rows the
caller may see count, and a missing or foreign id is the same 400 naming the field, so an answer
never tells which ids exist on another website.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.db import models
from rest_framework import status
from rest_framework.response import Response

from core.exceptions import DomainError
from websites.scoping import website_for_create


def visible_row_from_input(
    rows: models.QuerySet,
    *,
    user,
    pk: int | None,
    field: str,
    code: str = "",
    message: str | None = None,
    refusal: Callable[[], DomainError] | None = None,
):
    """Return the row `pk` names among `rows` that `user` may see (None for no id).

    A row that does not exist or is not visible raises `refusal()` when given, else a 400
    `DomainError` naming `field` with `code` (one of the calling app's error codes) and
    `message`.
    """
    if pk is None:
        return None
    row = rows.visible_to(user).filter(pk=pk).first()
    if row is None:
        if refusal is not None:
            raise refusal()
        noun = rows.model._meta.verbose_name.capitalize()
        raise DomainError(
            message or f"{noun} {pk} does not exist.",
            field=field,
            code=code,
        )
    return row


class RowInput(NamedTuple):
    """An input `<thing>_id` that names a row: passed to the service as `argument`.

    An id the caller may not see answers 400 `code` ("<noun> <id> does not exist.").
    """

    argument: str
    rows: models.QuerySet
    noun: str
    code: str


class ServiceCrudMixin:
    # No docstring on purpose: the API docs would show it as every operation's description.
    # - `input_class` checks create bodies and, unless `update_input_class` is set, updates too.
    # - `create_service(website=..., **fields, **create_arguments())`,
    #   `update_service(**{instance_kwarg: row}, **fields)`, `delete_service(**{instance_kwarg: row})`.
    # - `reread_after_write`: answer with the row re-read through `get_queryset()` (its
    #   annotations, e.g. counts), as the list shows it.

    input_class = None
    update_input_class = None
    create_service = update_service = delete_service = None
    instance_kwarg = ""
    reread_after_write = False
    # {input field: RowInput}: ids resolved to rows the caller may see (a foreign id is a 400).
    rows_from_input: dict[str, RowInput] = {}

    # Hooks ---------------------------------------------------------------------------------------

    def resolve_fields(self, fields: dict) -> dict:
        """Turn the input ids `rows_from_input` names into rows the caller may see."""
        for field, named in self.rows_from_input.items():
            if field in fields:
                pk = fields.pop(field)
                fields[named.argument] = visible_row_from_input(
                    named.rows,
                    user=self.request.user,
                    pk=pk,
                    field=field,
                    code=named.code,
                    message=f"{named.noun} {pk} does not exist.",
                )
        return fields

    def create_arguments(self) -> dict:
        """Arguments the create service takes besides the input (e.g. who created the row)."""
        return {}

    def create_website(self, website_id: int | None):
        """The website a new row belongs to: the caller's, or the one a superadmin names."""
        return website_for_create(self.request.user, website_id)

    def crud_object(self):
        """The row an update or delete acts on; a subclass may refuse some rows."""
        return self.get_object()

    # Actions -------------------------------------------------------------------------------------

    def _input_fields(self, request, input_class, *, partial: bool = False) -> dict:
        data = input_class(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        return self.resolve_fields(dict(data.validated_data))

    def _written(self, instance, status_code: int = status.HTTP_200_OK) -> Response:
        if self.reread_after_write:
            instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=status_code)

    def create(self, request, *args, **kwargs):
        fields = self._input_fields(request, self.input_class)
        website = self.create_website(fields.pop("website_id", None))
        instance = type(self).create_service(website=website, **fields, **self.create_arguments())
        return self._written(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        instance = self.crud_object()
        input_class = self.update_input_class or self.input_class
        fields = self._input_fields(request, input_class, partial=partial)
        fields.pop("website_id", None)  # a row never moves to another website
        instance = type(self).update_service(**{self.instance_kwarg: instance}, **fields)
        return self._written(instance)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        type(self).delete_service(**{self.instance_kwarg: self.crud_object()})
        return Response(status=status.HTTP_204_NO_CONTENT)
