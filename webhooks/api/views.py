"""Webhook endpoints, their deliveries, and the events (admins: their website; superadmins: all)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response
from rest_framework.views import APIView

from core.outbox import EVENT_TYPES
from core.schema import error_responses, read_only_schema
from webhooks.api import examples
from webhooks.api.serializers import (
    EventTypeOutput,
    ResendSinceInput,
    ResentEventsOutput,
    RotateSecretInput,
    WebhookDeliveryOutput,
    WebhookEndpointInput,
    WebhookEndpointOutput,
    WebhookEndpointUpdateInput,
    WebhookEndpointWithSecretOutput,
    WebhookEventOutput,
)
from webhooks.filters import WebhookDeliveryFilter, WebhookEventFilter
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.services import (
    deliveries_resend_since,
    delivery_resend,
    endpoint_create,
    endpoint_delete,
    endpoint_rotate_secret,
    endpoint_update,
)
from websites.permissions import IsAdmin
from websites.scoping import WebsiteScopedViewSet, website_for_create

TAGS = ["webhooks"]
SCOPE = " Admins: their website's; superadmins: every website's (`?website_id=` narrows)."


def _with_secret(endpoint: WebhookEndpoint, secret: str) -> dict:
    return {**WebhookEndpointOutput(endpoint).data, "secret": secret}


@extend_schema_view(
    **read_only_schema(
        tags=TAGS,
        output=WebhookEndpointOutput,
        list_summary="List webhook endpoints (admins)",
        list_description="`status` is `failing` once a delivery gave up after its retries." + SCOPE,
        list_example=examples.ENDPOINT_LIST,
        one_summary="Read one webhook endpoint (admins)",
        one_example=examples.ENDPOINT_ONE,
    )
)
class WebhookEndpointViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = WebhookEndpoint.objects.all()
    serializer_class = WebhookEndpointOutput
    permission_classes = (IsAdmin,)

    @extend_schema(
        tags=TAGS,
        summary="Register a webhook endpoint (admins; the secret is shown once)",
        description=(
            "The URL must be https:// and resolve to public addresses only (plain http:// to "
            "loopback outside production). The answer carries the signing secret, this once."
        ),
        request=WebhookEndpointInput,
        responses={
            201: WebhookEndpointWithSecretOutput,
            **error_responses(400, 401, 403, 409),
        },
        examples=[examples.ENDPOINT_INPUT, examples.ENDPOINT_CREATED],
    )
    def create(self, request):
        data = WebhookEndpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        website = website_for_create(request.user, fields.pop("website_id", None))
        endpoint, secret = endpoint_create(website=website, created_by=request.user, **fields)
        return Response(_with_secret(endpoint, secret), status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Change a webhook endpoint (admins)",
        description="Turning an endpoint back on (`is_active`) clears its failing mark.",
        request=WebhookEndpointUpdateInput,
        responses={200: WebhookEndpointOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.ENDPOINT_UPDATE, examples.ENDPOINT_ONE],
    )
    def partial_update(self, request, pk=None):
        endpoint = self.get_object()
        data = WebhookEndpointUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(
            WebhookEndpointOutput(endpoint_update(endpoint, **data.validated_data)).data
        )

    @extend_schema(
        tags=TAGS,
        summary="Remove a webhook endpoint and its deliveries (admins)",
        responses={204: None, **error_responses(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        endpoint_delete(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        tags=TAGS,
        summary="Rotate the signing secret (admins; the new one is shown once)",
        description=(
            "During `overlap_hours` (default 24, at most 168) every delivery is signed with both "
            "secrets (two `v1=` in `Webhook-Signature`), so the receiver can switch without "
            "losing one."
        ),
        request=RotateSecretInput,
        responses={200: WebhookEndpointWithSecretOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.ROTATE_INPUT, examples.ENDPOINT_CREATED],
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        endpoint = self.get_object()
        data = RotateSecretInput(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = endpoint_rotate_secret(
            endpoint, overlap_hours=data.validated_data.get("overlap_hours")
        )
        return Response(_with_secret(endpoint, secret))

    @extend_schema(
        tags=TAGS,
        summary="Send again every event since an instant (admins)",
        description=(
            "Finished deliveries of the endpoint's event types since `since` go back to pending, "
            "and events it never got (it was off, or not subscribed yet) get a delivery; at most "
            "10000 events, oldest first, each object's in order."
        ),
        request=ResendSinceInput,
        responses={202: ResentEventsOutput, **error_responses(400, 401, 403, 404)},
        examples=[examples.RESEND_SINCE_INPUT, examples.RESEND_SINCE_OUTPUT],
    )
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        endpoint = self.get_object()
        data = ResendSinceInput(data=request.data)
        data.is_valid(raise_exception=True)
        count = deliveries_resend_since(endpoint, since=data.validated_data["since"])
        return Response({"events": count}, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    **read_only_schema(
        tags=TAGS,
        output=WebhookDeliveryOutput,
        list_summary="List deliveries, newest first (admins)",
        list_description=(
            "Each delivery of an event to an endpoint: status, attempts, the last response's "
            "code, its first 1024 bytes and latency. `?endpoint_id=` narrows to one endpoint."
            + SCOPE
        ),
        list_example=examples.DELIVERY_LIST,
        one_summary="Read one delivery (admins)",
        one_example=examples.DELIVERY_ONE,
    )
)
class WebhookDeliveryViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = WebhookDelivery.objects.select_related("event")
    serializer_class = WebhookDeliveryOutput
    permission_classes = (IsAdmin,)
    filterset_class = WebhookDeliveryFilter

    @extend_schema(
        tags=TAGS,
        summary="Send one finished delivery again (admins)",
        description="409 `webhook_delivery_pending` while it is still being tried.",
        request=None,
        responses={202: WebhookDeliveryOutput, **error_responses(401, 403, 404, 409)},
        examples=[examples.DELIVERY_ONE],
    )
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        delivery = delivery_resend(self.get_object())
        delivery = WebhookDelivery.objects.select_related("event").get(pk=delivery.pk)
        return Response(WebhookDeliveryOutput(delivery).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    **read_only_schema(
        tags=TAGS,
        output=WebhookEventOutput,
        list_summary="The event log, newest first (admins)",
        list_description="Every event of the website, whether or not an endpoint wanted it."
        + SCOPE,
        list_example=examples.EVENT_LIST,
        one_summary="Read one event by its id (admins)",
        one_example=examples.EVENT_ONE,
    )
)
class WebhookEventViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = WebhookEvent.objects.all()
    serializer_class = WebhookEventOutput
    permission_classes = (IsAdmin,)
    filterset_class = WebhookEventFilter
    lookup_field = "event_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_object(self):
        # An event's id is a UUID, not digits: skip the digits-only check of the base.
        return super(WebsiteScopedViewSet, self).get_object()


class EventTypesView(APIView):
    permission_classes = (IsAdmin,)

    @extend_schema(
        tags=TAGS,
        summary="Every event type an endpoint may subscribe to (admins)",
        responses={200: EventTypeOutput(many=True), **error_responses(401, 403)},
        examples=[examples.EVENT_TYPES],
    )
    def get(self, request):
        return Response(
            [{"type": name, "description": text} for name, text in sorted(EVENT_TYPES.items())]
        )
