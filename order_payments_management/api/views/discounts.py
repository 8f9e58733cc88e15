"""Discount codes: admins manage them; clients check what a code would take off."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from core.schema import error_responses
from order_payments_management.api import examples
from order_payments_management.api.serializers import (
    DiscountInput,
    DiscountOutput,
    DiscountQuoteOutput,
    DiscountUsageOutput,
    DiscountValidateInput,
)
from order_payments_management.filters import DiscountFilter
from order_payments_management.models import Discount, DiscountUsage
from order_payments_management.selectors import discount_quote
from order_payments_management.services import discount_create, discount_delete, discount_update
from websites.crud import ServiceCrudMixin
from websites.permissions import IsAdmin, IsClient
from websites.scoping import WebsiteScopedViewSet

TAGS = ["order-payments: discounts"]


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="List discount codes (admins)",
        responses={200: DiscountOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[examples.page("A welcome code", examples.DISCOUNT)],
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="Read one discount code (admins)",
        responses={200: DiscountOutput, **error_responses(401, 403, 404)},
        examples=[examples.response("A welcome code", examples.DISCOUNT)],
    ),
    create=extend_schema(
        tags=TAGS,
        summary="Create a discount code (admins)",
        description="The code is stored upper-case and is unique per website (400 naming `code`).",
        request=DiscountInput,
        responses={201: DiscountOutput, **error_responses(400, 401, 403)},
        examples=[
            examples.request("A welcome code", examples.DISCOUNT_INPUT),
            examples.response("Created", {**examples.DISCOUNT, "used_count": 0}, "201"),
        ],
    ),
    update=extend_schema(
        tags=TAGS,
        summary="Replace a discount code's settings (admins)",
        request=DiscountInput,
        responses={200: DiscountOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            examples.request("Raise the limit", {**examples.DISCOUNT_INPUT, "max_uses": 1000}),
            examples.response("Updated", {**examples.DISCOUNT, "max_uses": 1000}),
        ],
    ),
    partial_update=extend_schema(
        tags=TAGS,
        summary="Change some settings of a discount code, e.g. deactivate it (admins)",
        request=DiscountInput(partial=True),
        responses={200: DiscountOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            examples.request("Deactivate", {"is_active": False}),
            examples.response("Deactivated", {**examples.DISCOUNT, "is_active": False}),
        ],
    ),
    destroy=extend_schema(
        tags=TAGS,
        summary="Delete a discount code that was never used (admins)",
        description="A code that has been used answers 409 `discount_in_use`: deactivate it.",
        responses={204: None, **error_responses(401, 403, 404, 409)},
        examples=[
            examples.response(
                "Used codes are kept",
                {
                    "detail": "This discount has been used, so it cannot be deleted; "
                    "deactivate it instead.",
                    "code": "discount_in_use",
                },
                "409",
            )
        ],
    ),
)
class DiscountViewSet(ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = Discount.objects.select_related("website")
    serializer_class = DiscountOutput
    filterset_class = DiscountFilter
    filter_backends = (*WebsiteScopedViewSet.filter_backends, filters.SearchFilter)
    search_fields = ("code", "description")
    permission_classes = (IsAdmin,)
    input_class = DiscountInput
    create_service = staticmethod(discount_create)
    update_service = staticmethod(discount_update)
    delete_service = staticmethod(discount_delete)
    instance_kwarg = "discount"
    reread_after_write = True

    def create_arguments(self) -> dict:
        return {"created_by": self.request.user}

    def get_permissions(self):
        if self.action == "validate":
            return [IsClient()]
        return super().get_permissions()

    @extend_schema(
        tags=TAGS,
        summary="Check a discount code before paying (clients; changes nothing)",
        description=(
            "Answers what the code would take off `amount` and what would be charged. A code "
            "that does not apply answers 400 naming `code`, with a specific error code such as "
            "`discount_not_found`, `discount_not_yours` (a loyalty code another client "
            "redeemed), `discount_expired`, `discount_used_up`, `discount_user_limit` or "
            "`discount_min_order_value`."
        ),
        request=DiscountValidateInput,
        responses={200: DiscountQuoteOutput, **error_responses(400, 401, 403)},
        examples=[
            examples.request("Check a code", {"code": "welcome10", "amount": "120.00"}),
            examples.response(
                "It applies",
                {
                    "code": "WELCOME10",
                    "discount_type": "percent",
                    "value": 10.0,
                    "amount": 120.0,
                    "discount_amount": 12.0,
                    "payable_amount": 108.0,
                },
            ),
        ],
    )
    @action(detail=False, methods=["post"])
    def validate(self, request):
        data = DiscountValidateInput(data=request.data)
        data.is_valid(raise_exception=True)
        amount = data.validated_data["amount"]
        discount, discount_amount = discount_quote(
            website_id=request.user.website_id,
            code=data.validated_data["code"],
            user_id=request.user.pk,
            amount=amount,
            field="code",
        )
        quote = {
            "code": discount.code,
            "discount_type": discount.discount_type,
            "value": discount.value,
            "amount": amount,
            "discount_amount": discount_amount,
            "payable_amount": amount - discount_amount,
        }
        return Response(DiscountQuoteOutput(quote).data)


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Who used a discount code, newest first (admins)",
        parameters=[OpenApiParameter("discount_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: DiscountUsageOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[examples.page("One use", examples.DISCOUNT_USAGE)],
    ),
)
class DiscountUsageViewSet(ListModelMixin, WebsiteScopedViewSet):
    queryset = DiscountUsage.objects.select_related("user", "payment")
    serializer_class = DiscountUsageOutput
    permission_classes = (IsAdmin,)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return DiscountUsage.objects.none()
        discount = get_object_or_404(
            Discount.objects.visible_to(self.request.user), pk=self.kwargs["discount_id"]
        )
        return super().get_queryset().filter(discount_id=discount.pk)
