"""core.roles: each role reads through its own serializer, documented as shapes that exclude
each other."""

from itertools import combinations
from types import SimpleNamespace

import pytest
from rest_framework import exceptions, serializers

from core.roles import RoleOutputs


class _AdminShape(serializers.Serializer):
    id = serializers.IntegerField()
    secret = serializers.CharField()


class _ClientShape(serializers.Serializer):
    id = serializers.IntegerField()


OUTPUTS = RoleOutputs("ExampleOutputByRole", admin=_AdminShape, client=_ClientShape)


@pytest.mark.parametrize(
    ("role", "shape"),
    [("superadmin", _AdminShape), ("admin", _AdminShape), ("client", _ClientShape)],
)
def test_each_role_reads_through_its_own_shape(role, shape):
    assert OUTPUTS.serializer_for(SimpleNamespace(role=role)) is shape


def test_a_role_without_a_shape_is_refused_rather_than_shown_the_admin_shape():
    with pytest.raises(exceptions.PermissionDenied):
        OUTPUTS.serializer_for(SimpleNamespace(role="writer"))


def _by_role_components(schema: dict) -> dict[str, list[dict]]:
    components = schema["components"]["schemas"]
    return {
        name: [components[branch["$ref"].rsplit("/", 1)[1]] for branch in component["oneOf"]]
        for name, component in components.items()
        if name.endswith("OutputByRole") and name != "TipOutputByRole"
    }


@pytest.mark.django_db
def test_every_role_shape_is_closed_and_no_object_fits_two_shapes_of_one_resource(api_client):
    """Two closed shapes accept a common object only if each one's required fields are the
    other's fields; a difference in required fields keeps every answer to exactly one shape.
    """
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    by_role = _by_role_components(schema)
    assert len(by_role) >= 9
    for name, shapes in by_role.items():
        assert len(shapes) >= 2, name
        for shape in shapes:
            assert shape["additionalProperties"] is False, name
        for first, second in combinations(shapes, 2):
            fits_both = set(first["required"]) <= set(second["properties"]) and set(
                second["required"]
            ) <= set(first["properties"])
            assert not fits_both, f"{name}: two shapes accept the same object"
