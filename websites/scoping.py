"""The one tenancy layer: what a user may see, and which website a new row belongs to.

Every website-owned model's manager is built from `WebsiteScopedQuerySet`, and every API view
over such rows derives from `WebsiteScopedViewSet`. Superadmins see every website, admins their
own website, clients and writers only their own rows (each model says which in `own_rows_for`).
Rows the caller may not see simply are not in the queryset, so reading one answers 404.
"""

from django.apps import apps
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend
from rest_framework.viewsets import GenericViewSet

from core.audit_views import AuditedWritesMixin
from core.db_routing import ReplicaReadsMixin
from core.filters import FilterBackend
from core.numbers import ascii_int

WEBSITE_ID_PARAMETER = OpenApiParameter(
    name="website_id",
    type=OpenApiTypes.INT,
    location=OpenApiParameter.QUERY,
    required=False,
    description=(
        "Narrow to one website. Superadmins may name any website (an unknown id answers 400); "
        "admins may name only their own (another website answers 404)."
    ),
)


def website_id_from_request(request) -> int | None:
    """Read and check `?website_id=`: unknown for a superadmin is 400, foreign for others 404."""
    raw = request.query_params.get("website_id")
    if raw is None or raw == "":
        return None
    website_id = ascii_int(raw)
    if website_id is None:
        raise exceptions.ValidationError({"website_id": ["A valid integer is required."]})
    user = request.user
    if user.is_superadmin:
        website_model = apps.get_model("websites", "Website")
        if not website_model.objects.filter(pk=website_id).exists():
            raise exceptions.ValidationError(
                {"website_id": [f"Website {website_id} does not exist."]}
            )
        return website_id
    if website_id != user.website_id:
        raise exceptions.NotFound("No such website.")
    return website_id


def website_for_create(user, website_id: int | None):
    """Return the website a new row of `user`'s belongs to.

    An admin's, writer's or client's row always gets their own website; a superadmin must name one.
    """
    website_model = apps.get_model("websites", "Website")
    if not user.is_superadmin:
        return user.website
    if website_id is None:
        raise exceptions.ValidationError(
            {"website_id": ["This field is required for superadmins."]}
        )
    website = website_model.objects.filter(pk=website_id).first()
    if website is None:
        raise exceptions.ValidationError({"website_id": [f"Website {website_id} does not exist."]})
    return website


def website_of_request(request):
    """Return the one website a per-website resource (settings, rules in force) is about.

    Superadmins name it with `?website_id=` (required); everyone else gets their own website,
    and naming another one answers 404.
    """
    return website_for_create(request.user, website_id_from_request(request))


class WebsiteFilterBackend(BaseFilterBackend):
    """Apply `?website_id=` narrowing (documented in the schema for every list)."""

    def filter_queryset(self, request, queryset, view):
        website_id = website_id_from_request(request)
        if website_id is None:
            return queryset
        return queryset.for_website(website_id)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": WEBSITE_ID_PARAMETER.name,
                "required": False,
                "in": "query",
                "description": WEBSITE_ID_PARAMETER.description,
                "schema": {"type": "integer"},
            }
        ]


class WebsiteScopedViewSet(AuditedWritesMixin, ReplicaReadsMixin, GenericViewSet):
    """Base for website-owned resources: another website's rows read as 404.

    List pages read a replica when one is configured and safe (`core.db_routing`). Writes by
    admins and superadmins leave an audit entry (`core.audit_views`).

    Subclasses that add filter backends keep `WebsiteFilterBackend` first.
    """

    filter_backends = (WebsiteFilterBackend, FilterBackend)

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_object(self):
        # An id in the path is ASCII digits: the database lookup would also read "\u0661" as 1.
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if isinstance(lookup, str) and not (lookup.isascii() and lookup.isdigit()):
            raise Http404
        return super().get_object()
