"""What the loyalty viewsets share: role rules and the documentation of their CRUD."""

from drf_spectacular.utils import extend_schema

from core.schema import error_responses
from loyalty_management.api import examples
from websites.permissions import IsAdmin, IsClient
from websites.scoping import WebsiteScopedViewSet


class AdminWritesViewSet(WebsiteScopedViewSet):
    """Clients (and admins) read; only admins write."""

    read_actions: tuple[str, ...] = ("list", "retrieve")

    def get_permissions(self):
        if self.action in self.read_actions:
            return [(IsAdmin | IsClient)()]
        return [IsAdmin()]


def crud_schema(
    noun: str,
    output,
    input_,
    example: dict,
    *,
    readers: str,
    tag: str,
    update_conflict: str = "",
) -> dict:
    """The documented list, retrieve, create, update and delete of an admin-managed resource.

    `update_conflict` says when a change is refused with 409; a change of such a resource
    documents that status.
    """
    found = {200: output, **error_responses(401, 403, 404)}
    written = {**error_responses(400, 401, 403, 404)}
    changed = {**written, **error_responses(409)} if update_conflict else written
    change_note = {"description": f"409 when {update_conflict}."} if update_conflict else {}
    sample = [examples.response(f"A {noun}", example)]
    return {
        "list": extend_schema(
            tags=[tag],
            summary=f"List {noun}s ({readers})",
            responses={200: output(many=True), **error_responses(400, 401, 403, 404)},
            examples=sample,
        ),
        "retrieve": extend_schema(
            tags=[tag], summary=f"Read one {noun}", responses=found, examples=sample
        ),
        "create": extend_schema(
            tags=[tag],
            summary=f"Create a {noun} (admins)",
            request=input_,
            responses={201: output, **written},
            examples=sample,
        ),
        "update": extend_schema(
            tags=[tag],
            summary=f"Replace a {noun} (admins)",
            request=input_,
            responses={200: output, **changed},
            examples=sample,
            **change_note,
        ),
        "partial_update": extend_schema(
            tags=[tag],
            summary=f"Change some fields of a {noun} (admins)",
            request=input_,
            responses={200: output, **changed},
            examples=sample,
            **change_note,
        ),
        "destroy": extend_schema(
            tags=[tag],
            summary=f"Delete a {noun} nothing refers to (admins; 409 otherwise)",
            responses={204: None, **error_responses(401, 403, 404, 409)},
        ),
    }


class AdminOnlyViewSet(WebsiteScopedViewSet):
    permission_classes = (IsAdmin,)
