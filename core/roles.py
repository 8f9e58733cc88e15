"""Role-specific output: each role reads a resource through its own serializer.

A resource that clients or writers read as well as admins declares its shapes once:

    ORDER_OUTPUTS = RoleOutputs(
        "OrderOutputByRole", admin=OrderOutput, client=OrderClientOutput, writer=OrderWriterOutput
    )

and its viewset mixes in `RoleOutputMixin` (`role_outputs = ORDER_OUTPUTS`): list and retrieve
answer in the caller's shape, and `self.output(row)` serializes an action's answer the same way.
The schema documents `ORDER_OUTPUTS.schema`, a `oneOf` of the distinct shapes, each its own
component. Every declared shape is closed (`additionalProperties: false`), so the shapes exclude
each other and a response that carries a field its role's shape does not list breaks the
contract instead of leaking quietly.

Admins and superadmins read the admin shape. A client or writer whose role declares no shape is
refused (403) rather than shown the admin shape: a new reader role must be given a shape on
purpose.
"""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import get_class
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import exceptions

ADMIN_ROLES = ("admin", "superadmin")

# Every serializer declared as a role's shape, or closed on purpose: its component is closed.
_CLOSED_SHAPES: set[type] = set()


def closed_shape(serializer_class):
    """Document `serializer_class` as closed: a field it does not list breaks the contract.

    A class decorator for shapes nested in role shapes (the other party of a row), so that
    contact details showing up where a role must not see them fail the contract checks.
    """
    _CLOSED_SHAPES.add(serializer_class)
    return serializer_class


class RoleOutputs:
    """The output serializer of each role for one resource."""

    def __init__(self, component_name: str, *, admin, client=None, writer=None):
        self.component_name = component_name
        self.by_role = {"admin": admin, "client": client, "writer": writer}
        self.shapes = list(dict.fromkeys(s for s in (client, writer, admin) if s is not None))
        _CLOSED_SHAPES.update(self.shapes)

    def serializer_for(self, user):
        """Return the serializer class `user`'s role reads the resource through.

        Without a user role (schema generation) the admin shape answers; a client or writer
        whose role has no shape is refused.
        """
        role = getattr(user, "role", None)
        if role is None or role in ADMIN_ROLES:
            return self.by_role["admin"]
        shape = self.by_role.get(role)
        if shape is None:
            raise exceptions.PermissionDenied("Your role may not do this.")
        return shape

    @property
    def schema(self) -> PolymorphicProxySerializer:
        """The documented response: exactly one of the roles' shapes."""
        return PolymorphicProxySerializer(
            component_name=self.component_name,
            serializers=self.shapes,
            resource_type_field_name=None,
        )


class RoleOutputMixin:
    """For a viewset several roles read: answers in the caller's role's shape."""

    role_outputs: RoleOutputs

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: documented per action
            return self.role_outputs.by_role["admin"]
        return self.role_outputs.serializer_for(self.request.user)

    def output(self, instance, *, many: bool = False):
        """Serialize `instance` in the caller's shape (for actions that answer with a row)."""
        serializer_class = self.get_serializer_class()
        return serializer_class(instance, many=many, context=self.get_serializer_context()).data


class ClosedRoleShapeExtension(OpenApiSerializerExtension):
    """Document every role shape as closed, so the shapes of one `oneOf` exclude each other."""

    target_class = "rest_framework.serializers.BaseSerializer"
    match_subclasses = True

    @classmethod
    def _matches(cls, target) -> bool:
        return get_class(target) in _CLOSED_SHAPES

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "response":
            schema["additionalProperties"] = False
        return schema
