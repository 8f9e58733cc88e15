"""Tips, their payment and refund, writer levels, writer profiles and tip settings over HTTP."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, User
from core.idempotency import idempotent
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from websites.crud import ServiceCrudMixin, visible_row_from_input
from websites.permissions import IsAdmin, IsClient, IsWriter
from websites.scoping import (
    WEBSITE_ID_PARAMETER,
    WebsiteScopedViewSet,
    website_of_request,
)
from writer_management.api.serializers import (
    TipAdminOutput,
    TipClientOutput,
    TipConfirmPaymentInput,
    TipCreateInput,
    TipEarningsOutput,
    TipOutputByRole,
    TipRefundInput,
    TipSettingsInput,
    TipSettingsOutput,
    TipWriterOutput,
    WriterLevelInput,
    WriterLevelOutput,
    WriterProfileAssignLevelInput,
    WriterProfileCreateInput,
    WriterProfileOutput,
    WriterProfileUpdateInput,
)
from writer_management.filters import TipFilter, WriterLevelFilter, WriterProfileFilter
from writer_management.models import Tip, TipSettings, WriterLevel, WriterProfile
from writer_management.selectors import (
    tip_earnings_by_month,
    writer_levels_with_counts,
    writer_profiles_with_tip_percentage,
)
from writer_management.services import (
    tip_confirm_payment,
    tip_create,
    tip_process_payment,
    tip_refund,
    tip_settings_get_or_create,
    tip_settings_update,
    writer_level_create,
    writer_level_delete,
    writer_level_update,
    writer_profile_assign_level,
    writer_profile_create,
    writer_profile_update,
)

TAG_TIPS = "tips"
TAG_LEVELS = "writer levels"
TAG_PROFILES = "writer profiles"
TAG_SETTINGS = "tip settings"

_TIP_EXAMPLE_CLIENT = {
    "audience": "client",
    "id": 41,
    "tip_type": "order",
    "writer": {"id": 7, "username": "writer_alpha_1"},
    "order_id": 12,
    "class_bundle_id": None,
    "tip_amount": 25.0,
    "tip_reason": "Great literature review, delivered early.",
    "payment_method": "wallet",
    "payment_status": "completed",
    "failure_reason": "",
    "sent_at": "2025-03-14T10:21:07Z",
    "updated_at": "2025-03-14T10:21:07Z",
}
_TIP_EXAMPLE_WRITER = {
    "audience": "writer",
    "id": 41,
    "tip_type": "order",
    "client": {"id": 3, "username": "client_alpha_1"},
    "order_id": 12,
    "class_bundle_id": None,
    "amount_received": 10.0,
    "tip_reason": "Great literature review, delivered early.",
    "payment_status": "completed",
    "sent_at": "2025-03-14T10:21:07Z",
}
_TIP_EXAMPLE_ADMIN = {
    **_TIP_EXAMPLE_CLIENT,
    "audience": "admin",
    "website": {"id": 1, "name": "Alpha Essays"},
    "client": {"id": 3, "username": "client_alpha_1", "email": "client_alpha_1@example.com"},
    "writer": {"id": 7, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
    "writer_level_id": 2,
    "writer_level_name": "Intermediate",
    "writer_percentage": 40.0,
    "writer_earning": 10.0,
    "platform_profit": 15.0,
    "payment": {
        "id": 88,
        "reference": "PAY-9F2C11AB03D4E5F6",
        "external_reference": "",
        "completed_at": "2025-03-14T10:21:07Z",
        "refunded_at": None,
        "refund_reason": "",
    },
}
TIP_EXAMPLES = [
    OpenApiExample("Client view", value=_TIP_EXAMPLE_CLIENT, response_only=True),
    OpenApiExample("Writer view", value=_TIP_EXAMPLE_WRITER, response_only=True),
    OpenApiExample("Admin view", value=_TIP_EXAMPLE_ADMIN, response_only=True),
]


def tip_output_class(user: User):
    """Return the serializer of the tip shape `user`'s role sees."""
    role = getattr(user, "role", None)
    if role == Role.CLIENT:
        return TipClientOutput
    if role == Role.WRITER:
        return TipWriterOutput
    return TipAdminOutput


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_TIPS],
        summary="List tips (clients: sent; writers: received and paid; admins: their website's)",
        description=(
            "Each role gets its own shape: clients never see the split or the percentage, "
            "writers only their share as `amount_received` (and only tips that paid them), "
            "admins and superadmins every field."
        ),
        responses={200: TipOutputByRole, **error_responses(400, 401, 404)},
        examples=TIP_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=[TAG_TIPS],
        summary="Read one tip (in the caller's role's shape)",
        responses={200: TipOutputByRole, **error_responses(401, 404)},
        examples=TIP_EXAMPLES,
    ),
)
class TipViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    """Tips cannot be edited or deleted: PUT, PATCH and DELETE answer 405."""

    queryset = Tip.objects.select_related("website", "client", "writer", "payment")
    filterset_class = TipFilter
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        by_action = {
            "create": IsClient,
            "process_payment": IsClient,
            "confirm_payment": IsAdmin,
            "refund": IsAdmin,
            "earnings": IsWriter,
        }
        return [IsAuthenticated(), by_action.get(self.action, IsAuthenticated)()]

    def get_serializer_class(self):
        return tip_output_class(self.request.user)

    def _tip_response(self, tip: Tip, *, status_code: int = status.HTTP_200_OK) -> Response:
        tip = self.get_queryset().get(pk=tip.pk)
        return Response(tip_output_class(self.request.user)(tip).data, status=status_code)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Send a tip to a writer (clients)",
        description=(
            "The type follows the reference: `order_id` makes an order tip, `class_bundle_id` "
            "a class tip, neither a direct tip. With `wallet` the tip is paid at once; a short "
            "balance is not an error: the tip is stored `failed` (201) with a `failure_reason`, "
            "ready for `process_payment` after a top-up. With `manual` it stays `pending` until "
            "an admin confirms the payment."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=TipCreateInput,
        responses={201: TipClientOutput, **error_responses(400, 401, 403, 409, 422)},
        examples=[
            OpenApiExample(
                "Tip for an order, from the wallet",
                value={
                    "writer_id": 7,
                    "tip_amount": 25.0,
                    "tip_reason": "Great literature review, delivered early.",
                    "order_id": 12,
                    "payment_method": "wallet",
                },
                request_only=True,
            ),
            OpenApiExample("Created", value=_TIP_EXAMPLE_CLIENT, response_only=True),
            OpenApiExample(
                "Created, but the wallet was short",
                value={
                    **_TIP_EXAMPLE_CLIENT,
                    "payment_status": "failed",
                    "failure_reason": (
                        "Insufficient wallet balance: Needs 25.00; the wallet balance is 4.00."
                    ),
                },
                response_only=True,
            ),
        ],
    )
    @idempotent
    def create(self, request):
        data = TipCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        tip = tip_create(client=request.user, **data.validated_data)
        return self._tip_response(tip, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Retry paying a failed wallet tip (the tip's client)",
        description=(
            "failed → processing → completed, or back to failed (200) with the new reason "
            "when the balance is still short. Use a new Idempotency-Key per attempt."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=None,
        responses={200: TipClientOutput, **error_responses(400, 401, 403, 404, 409, 422)},
        examples=[OpenApiExample("Paid", value=_TIP_EXAMPLE_CLIENT, response_only=True)],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def process_payment(self, request, pk=None):
        tip = tip_process_payment(tip=self.get_object(), client=request.user)
        return self._tip_response(tip)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Confirm the off-platform payment of a pending manual tip (admins)",
        description="pending → completed; the writer's share is credited to their wallet.",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=TipConfirmPaymentInput,
        responses={200: TipAdminOutput, **error_responses(400, 401, 403, 404, 409, 422)},
        examples=[
            OpenApiExample(
                "Bank transfer seen", value={"reference": "BANK-2025-03-0042"}, request_only=True
            ),
            OpenApiExample(
                "Confirmed",
                value={**_TIP_EXAMPLE_ADMIN, "payment_method": "manual"},
                response_only=True,
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def confirm_payment(self, request, pk=None):
        data = TipConfirmPaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        tip = tip_confirm_payment(
            tip=self.get_object(),
            confirmed_by=request.user,
            reference=data.validated_data["reference"],
        )
        return self._tip_response(tip)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="Refund a completed tip (admins)",
        description=(
            "completed → refunded, exactly once: the client's wallet gets the tip back and the "
            "writer's wallet gives back their share. When the writer's wallet cannot cover it "
            "the refund is refused (409 `writer_balance_insufficient`) and nothing moves."
        ),
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=TipRefundInput,
        responses={200: TipAdminOutput, **error_responses(400, 401, 403, 404, 409, 422)},
        examples=[
            OpenApiExample(
                "Refund", value={"reason": "Client disputed the charge."}, request_only=True
            ),
            OpenApiExample(
                "Refunded",
                value={**_TIP_EXAMPLE_ADMIN, "payment_status": "refunded"},
                response_only=True,
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def refund(self, request, pk=None):
        data = TipRefundInput(data=request.data)
        data.is_valid(raise_exception=True)
        tip = tip_refund(
            tip=self.get_object(), refunded_by=request.user, reason=data.validated_data["reason"]
        )
        return self._tip_response(tip)

    @extend_schema(
        tags=[TAG_TIPS],
        summary="What you received from tips, by month (writers)",
        description=(
            "Completed tips only, grouped by the calendar month (reporting time zone) they were "
            "sent in, newest first. The list filters narrow it (e.g. date_from, tip_type)."
        ),
        filters=True,
        responses={200: TipEarningsOutput, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample(
                "Two months",
                value={
                    "tips_count": 3,
                    "total_received": 42.5,
                    "months": [
                        {"month": "2025-03", "tips_count": 2, "amount_received": 30.0},
                        {"month": "2025-02", "tips_count": 1, "amount_received": 12.5},
                    ],
                },
                response_only=True,
            )
        ],
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def earnings(self, request):
        tips = self.filter_queryset(self.get_queryset())
        return Response(TipEarningsOutput(tip_earnings_by_month(tips=tips)).data)


# Writer levels -----------------------------------------------------------------------------------

_LEVEL_EXAMPLE = {
    "id": 2,
    "website": {"id": 1, "name": "Alpha Essays"},
    "name": "Intermediate",
    "tip_percentage": 40.0,
    "display_order": 2,
    "is_active": True,
    "writers_count": 3,
    "created_at": "2025-01-02T09:00:00Z",
    "updated_at": "2025-01-02T09:00:00Z",
}
_LEVEL_INPUT_EXAMPLE = OpenApiExample(
    "Intermediate level",
    value={"name": "Intermediate", "tip_percentage": 40.0, "display_order": 2, "is_active": True},
    request_only=True,
)
_LEVEL_OUTPUT_EXAMPLE = OpenApiExample("Level", value=_LEVEL_EXAMPLE, response_only=True)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_LEVELS],
        summary="List writer levels and their tip percentage (admins)",
        responses={200: WriterLevelOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[_LEVEL_OUTPUT_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=[TAG_LEVELS],
        summary="Read one writer level (admins)",
        responses={200: WriterLevelOutput, **error_responses(401, 403, 404)},
        examples=[_LEVEL_OUTPUT_EXAMPLE],
    ),
    create=extend_schema(
        tags=[TAG_LEVELS],
        summary="Create a writer level (admins; superadmins name the website)",
        request=WriterLevelInput,
        responses={201: WriterLevelOutput, **error_responses(400, 401, 403)},
        examples=[_LEVEL_INPUT_EXAMPLE, _LEVEL_OUTPUT_EXAMPLE],
    ),
    update=extend_schema(
        tags=[TAG_LEVELS],
        summary="Replace a writer level (admins); sent tips keep their percentage",
        request=WriterLevelInput,
        responses={200: WriterLevelOutput, **error_responses(400, 401, 403, 404)},
        examples=[_LEVEL_INPUT_EXAMPLE, _LEVEL_OUTPUT_EXAMPLE],
    ),
    partial_update=extend_schema(
        tags=[TAG_LEVELS],
        summary="Change a writer level (admins); sent tips keep their percentage",
        request=WriterLevelInput,
        responses={200: WriterLevelOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample("Raise the share", value={"tip_percentage": 45.0}, request_only=True),
            _LEVEL_OUTPUT_EXAMPLE,
        ],
    ),
    destroy=extend_schema(
        tags=[TAG_LEVELS],
        summary="Delete a writer level nobody uses (admins)",
        description="A level writers or tips refer to answers 409; deactivate it instead.",
        responses={
            204: OpenApiResponse(description="Deleted."),
            **error_responses(401, 403, 404, 409),
        },
        examples=[
            OpenApiExample(
                "In use",
                value={
                    "detail": "Writers or tips refer to this level; deactivate it instead of "
                    "deleting it.",
                    "code": "writer_level_in_use",
                },
                response_only=True,
                status_codes=["409"],
            )
        ],
    ),
)
class WriterLevelViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = WriterLevel.objects.select_related("website")
    serializer_class = WriterLevelOutput
    filterset_class = WriterLevelFilter
    permission_classes = (IsAdmin,)
    lookup_value_regex = r"\d+"
    input_class = WriterLevelInput
    create_service = staticmethod(writer_level_create)
    update_service = staticmethod(writer_level_update)
    delete_service = staticmethod(writer_level_delete)
    instance_kwarg = "level"
    reread_after_write = True

    def get_queryset(self):
        return writer_levels_with_counts(levels=super().get_queryset())


# Writer profiles ---------------------------------------------------------------------------------

_PROFILE_EXAMPLE = {
    "id": 5,
    "writer": {"id": 7, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
    "website": {"id": 1, "name": "Alpha Essays"},
    "level": {"id": 2, "name": "Intermediate", "tip_percentage": 40.0},
    "pen_name": "A. Quill",
    "tip_percentage": 40.0,
    "created_at": "2025-01-02T09:00:00Z",
    "updated_at": "2025-01-02T09:00:00Z",
}
_PROFILE_OUTPUT_EXAMPLE = OpenApiExample("Profile", value=_PROFILE_EXAMPLE, response_only=True)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_PROFILES],
        summary="List writer profiles with their level and tip percentage (admins)",
        responses={200: WriterProfileOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[_PROFILE_OUTPUT_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=[TAG_PROFILES],
        summary="Read one writer profile (admins)",
        responses={200: WriterProfileOutput, **error_responses(401, 403, 404)},
        examples=[_PROFILE_OUTPUT_EXAMPLE],
    ),
)
class WriterProfileViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = WriterProfile.objects.select_related("user", "website", "level")
    serializer_class = WriterProfileOutput
    filterset_class = WriterProfileFilter
    permission_classes = (IsAdmin,)
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return writer_profiles_with_tip_percentage(profiles=super().get_queryset())

    def _profile_response(self, profile: WriterProfile, *, status_code: int = 200) -> Response:
        return Response(
            WriterProfileOutput(self.get_queryset().get(pk=profile.pk)).data, status=status_code
        )

    @extend_schema(
        tags=[TAG_PROFILES],
        summary="Create the profile of a writer of your website (admins)",
        request=WriterProfileCreateInput,
        responses={201: WriterProfileOutput, **error_responses(400, 401, 403, 409)},
        examples=[
            OpenApiExample(
                "New profile",
                value={"writer_id": 7, "level_id": 2, "pen_name": "A. Quill"},
                request_only=True,
            ),
            _PROFILE_OUTPUT_EXAMPLE,
        ],
    )
    def create(self, request):
        data = WriterProfileCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        writer_id = data.validated_data["writer_id"]
        writer = visible_row_from_input(
            User.objects.all(),
            user=request.user,
            pk=writer_id,
            field="writer_id",
            message=f"User {writer_id} is not a writer of your website.",
        )
        profile = writer_profile_create(
            writer=writer,
            level_id=data.validated_data.get("level_id"),
            pen_name=data.validated_data["pen_name"],
        )
        return self._profile_response(profile, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG_PROFILES],
        summary="Change a writer's pen name (admins)",
        request=WriterProfileUpdateInput,
        responses={200: WriterProfileOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample("Pen name", value={"pen_name": "A. Quill"}, request_only=True),
            _PROFILE_OUTPUT_EXAMPLE,
        ],
    )
    def partial_update(self, request, pk=None):
        data = WriterProfileUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile = writer_profile_update(
            profile=self.get_object(), pen_name=data.validated_data["pen_name"]
        )
        return self._profile_response(profile)

    @extend_schema(
        tags=[TAG_PROFILES],
        summary="Put a writer on a level (admins); null removes the level",
        description="Only tips sent from now on use the new level's percentage.",
        request=WriterProfileAssignLevelInput,
        responses={200: WriterProfileOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample("Promote", value={"level_id": 3}, request_only=True),
            _PROFILE_OUTPUT_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    def assign_level(self, request, pk=None):
        data = WriterProfileAssignLevelInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile = writer_profile_assign_level(
            profile=self.get_object(), level_id=data.validated_data["level_id"]
        )
        return self._profile_response(profile)


# Tip settings ------------------------------------------------------------------------------------

_SETTINGS_EXAMPLE = OpenApiExample(
    "Settings",
    value={
        "website": {"id": 1, "name": "Alpha Essays"},
        "default_writer_percentage": 30.0,
        "min_tip_amount": 1.0,
        "max_tip_amount": 5000.0,
        "updated_at": "2025-01-02T09:00:00Z",
    },
    response_only=True,
)
_SETTINGS_WEBSITE = OpenApiParameter(
    name=WEBSITE_ID_PARAMETER.name,
    type=OpenApiTypes.INT,
    location=OpenApiParameter.QUERY,
    required=False,
    description=(
        "Superadmins: the website whose settings to read or change (required). Admins: "
        "their own website (another answers 404)."
    ),
)


class TipSettingsView(APIView):
    """One website's tip settings, created with the defaults on first read."""

    permission_classes = (IsAdmin,)

    def _settings_response(self, tip_settings: TipSettings) -> Response:
        tip_settings = TipSettings.objects.select_related("website").get(pk=tip_settings.pk)
        return Response(TipSettingsOutput(tip_settings).data)

    @extend_schema(
        tags=[TAG_SETTINGS],
        summary="Read the website's tip settings (admins)",
        parameters=[_SETTINGS_WEBSITE],
        responses={200: TipSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[_SETTINGS_EXAMPLE],
    )
    def get(self, request):
        return self._settings_response(
            tip_settings_get_or_create(website=website_of_request(request))
        )

    def _change(self, request, *, partial: bool) -> Response:
        website = website_of_request(request)
        data = TipSettingsInput(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        return self._settings_response(tip_settings_update(website=website, **data.validated_data))

    @extend_schema(
        tags=[TAG_SETTINGS],
        summary="Replace the website's tip settings (admins)",
        parameters=[_SETTINGS_WEBSITE],
        request=TipSettingsInput,
        responses={200: TipSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "Settings",
                value={
                    "default_writer_percentage": 35.0,
                    "min_tip_amount": 2.0,
                    "max_tip_amount": 1000.0,
                },
                request_only=True,
            ),
            _SETTINGS_EXAMPLE,
        ],
    )
    def put(self, request):
        return self._change(request, partial=False)

    @extend_schema(
        tags=[TAG_SETTINGS],
        summary="Change some of the website's tip settings (admins)",
        parameters=[_SETTINGS_WEBSITE],
        request=TipSettingsInput,
        responses={200: TipSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "Raise the maximum", value={"max_tip_amount": 8000.0}, request_only=True
            ),
            _SETTINGS_EXAMPLE,
        ],
    )
    def patch(self, request):
        return self._change(request, partial=True)
