"""Serializers of the redemption catalog and its requests."""

import json

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import (
    INT16_MAX,
)
from core.roles import (
    RoleOutputs,
)
from core.serializers import (
    IdField,
    IntegerField,
    ModelSerializer,
    MoneyField,
    MoneyOutputField,
    PercentageField,
    PercentageOutputField,
)
from loyalty_management.models import (
    RedemptionCategory,
    RedemptionItem,
    RedemptionPolicy,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)
from loyalty_management.selectors.redemption import RedeemReason, redemption_item_is_available
from loyalty_management.services.policies import POLICY_FIELDS

MAX_DETAILS_BYTES = 2000


class LoyaltyUserBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


def details_checked(value):
    """Fulfilment details are a small JSON object (e.g. a shipping address or tracking)."""
    if not isinstance(value, dict):
        raise serializers.ValidationError("Must be a JSON object.")
    if len(json.dumps(value)) > MAX_DETAILS_BYTES:
        raise serializers.ValidationError(f"At most {MAX_DETAILS_BYTES} characters of JSON.")
    return value


# Categories --------------------------------------------------------------------------------------


class RedemptionCategoryOutput(ModelSerializer):
    class Meta:
        model = RedemptionCategory
        fields = (
            "id",
            "website_id",
            "name",
            "description",
            "is_active",
            "sort_order",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class RedemptionCategoryInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins only: the website of the category.")
    name = serializers.CharField(max_length=80)
    description = serializers.CharField(max_length=255, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    sort_order = IntegerField(min_value=0, max_value=INT16_MAX, required=False)


# Items -------------------------------------------------------------------------------------------


class RedemptionEligibilityOutput(serializers.Serializer):
    can_redeem = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=RedeemReason.ALL,
        allow_null=True,
        help_text="Why not (null when the client can redeem); the same code a request answers.",
    )
    message = serializers.CharField()
    points_missing = serializers.IntegerField()


class RedemptionItemOutput(ModelSerializer):
    category = serializers.IntegerField(source="category_id", help_text="The category's id.")
    category_name = serializers.CharField(source="category.name")
    discount_amount = MoneyOutputField(allow_null=True)
    cash_amount = MoneyOutputField(allow_null=True)
    discount_percentage = PercentageOutputField(allow_null=True, read_only=True)
    image_url = serializers.CharField(
        read_only=True, help_text="The item's image address, or an empty string when it has none."
    )
    is_available = serializers.SerializerMethodField(
        help_text="Active, in an active category, and in stock."
    )
    can_redeem = serializers.SerializerMethodField(
        help_text="For clients: whether they can redeem it now, and if not why (null for admins)."
    )

    class Meta:
        model = RedemptionItem
        fields = (
            "id",
            "website_id",
            "category",
            "category_name",
            "name",
            "description",
            "points_required",
            "redemption_type",
            "discount_amount",
            "discount_percentage",
            "cash_amount",
            "stock_quantity",
            "total_redemptions",
            "max_per_client",
            "min_tier_level",
            "image_url",
            "is_active",
            "is_available",
            "can_redeem",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_is_available(self, item) -> bool:
        return redemption_item_is_available(item)

    @extend_schema_field(RedemptionEligibilityOutput(allow_null=True))
    def get_can_redeem(self, item):
        check = self.context.get("redeem_checks", {}).get(item.pk)
        return None if check is None else RedemptionEligibilityOutput(check).data


class RedemptionItemInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins only: the website of the item.")
    category_id = IdField()
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    points_required = IntegerField(min_value=1, max_value=100_000_000)
    redemption_type = serializers.ChoiceField(choices=RedemptionType.choices)
    discount_amount = MoneyField(required=False, allow_null=True)
    discount_percentage = PercentageField(required=False, allow_null=True)
    cash_amount = MoneyField(required=False, allow_null=True)
    stock_quantity = IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Units left; null: unlimited."
    )
    max_per_client = IntegerField(
        min_value=1, required=False, allow_null=True, help_text="null: unlimited."
    )
    min_tier_level = IntegerField(
        min_value=0, max_value=INT16_MAX, required=False, help_text="A tier's rank; 0: everyone."
    )
    image_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


# Requests ----------------------------------------------------------------------------------------


class RedemptionRequestItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    redemption_type = serializers.ChoiceField(choices=RedemptionType.choices)


class RedemptionRequestOutput(ModelSerializer):
    client = LoyaltyUserBriefOutput()
    item = RedemptionRequestItemOutput()
    approved_by = LoyaltyUserBriefOutput(
        allow_null=True, help_text="null when fulfilled automatically (discount, cash, voucher)."
    )
    fulfilled_by = LoyaltyUserBriefOutput(allow_null=True)
    fulfillment_details = serializers.DictField(
        help_text="What the client sent, plus what fulfilment recorded (codes, tracking)."
    )
    review_reasons = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Why no auto-approval policy approved it (machine codes); null: none ran.",
    )
    sla_due_at = serializers.SerializerMethodField(
        help_text="When the review is due: the request plus the website's `review_sla_hours`."
    )
    overdue = serializers.SerializerMethodField(help_text="Pending past `sla_due_at`.")

    class Meta:
        model = RedemptionRequest
        fields = (
            "id",
            "client",
            "item",
            "points_used",
            "status",
            "fulfillment_code",
            "fulfillment_details",
            "rejection_reason",
            "requested_at",
            "approved_at",
            "approved_by",
            "approved_by_policy_id",
            "review_reasons",
            "sla_due_at",
            "overdue",
            "sla_breached_at",
            "fulfilled_at",
            "fulfilled_by",
            "rejected_at",
            "cancelled_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_sla_due_at(self, row):
        due = getattr(row, "sla_due_at", None)
        return serializers.DateTimeField().to_representation(due) if due else None

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, row) -> bool:
        due = getattr(row, "sla_due_at", None)
        return bool(due and row.status == RedemptionStatus.PENDING and due < timezone.now())


class RedemptionRequestClientOutput(ModelSerializer):
    """A request as its client sees it: when it was decided, never which admin decided it."""

    client = LoyaltyUserBriefOutput()
    item = RedemptionRequestItemOutput()
    fulfillment_details = serializers.DictField(
        help_text="What the client sent, plus what fulfilment recorded (codes, tracking)."
    )

    class Meta:
        model = RedemptionRequest
        fields = (
            "id",
            "client",
            "item",
            "points_used",
            "status",
            "fulfillment_code",
            "fulfillment_details",
            "rejection_reason",
            "requested_at",
            "approved_at",
            "fulfilled_at",
            "rejected_at",
            "cancelled_at",
        )
        read_only_fields = fields


REDEMPTION_REQUEST_OUTPUTS = RoleOutputs(
    "RedemptionRequestOutputByRole",
    admin=RedemptionRequestOutput,
    client=RedemptionRequestClientOutput,
)


class RedemptionRequestCreateInput(serializers.Serializer):
    item_id = IdField()
    fulfillment_details = serializers.JSONField(
        required=False,
        validators=[details_checked],
        help_text=(
            "A JSON object the admin needs to deliver, e.g. a shipping address. Keys the "
            "website writes (approval_note, tracking_number, discount_id, discount_type, "
            "discount_value, valid_until, wallet_transaction_id, credited_amount) are refused."
        ),
    )


class RedemptionApproveInput(serializers.Serializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class RedemptionFulfillInput(serializers.Serializer):
    fulfillment_details = serializers.JSONField(
        required=False,
        validators=[details_checked],
        help_text='Merged into the request\'s details, e.g. {"tracking_number": "..."}.',
    )


class RedemptionRejectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class RedemptionCancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


# Auto-approval policies -----------------------------------------------------------------------


class RedemptionPolicyOutput(ModelSerializer):
    max_refund_rate = PercentageOutputField(allow_null=True)

    class Meta:
        model = RedemptionPolicy
        fields = ("id", "website_id", *POLICY_FIELDS, "created_at", "updated_at")
        read_only_fields = fields


class RedemptionPolicyInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins only: the website of the policy.")
    name = serializers.CharField(max_length=80)
    is_active = serializers.BooleanField(required=False)
    item_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RedemptionType.choices),
        required=False,
        max_length=10,
        help_text="The item types it approves; empty: every type.",
    )
    max_points = IntegerField(min_value=1, required=False, allow_null=True)
    min_tier_rank = IntegerField(min_value=1, max_value=100, required=False, allow_null=True)
    min_account_age_days = IntegerField(
        min_value=0, max_value=36500, required=False, allow_null=True
    )
    max_recent_requests = IntegerField(min_value=0, required=False, allow_null=True)
    recent_days = IntegerField(min_value=1, max_value=365, required=False)
    max_refund_rate = PercentageField(required=False, allow_null=True)


class PolicyDryRunInput(serializers.Serializer):
    days = IntegerField(min_value=1, max_value=365, required=False, default=30)


class PolicyDryRunOutput(serializers.Serializer):
    days = serializers.IntegerField()
    requests = serializers.IntegerField(help_text="Requests of the website in those days.")
    would_approve = serializers.IntegerField()
    would_leave_for_review = serializers.IntegerField()
    refusals = serializers.DictField(
        child=serializers.IntegerField(), help_text="How many requests each rule refused."
    )
