"""Serializers of points: summary, ledger, awards, settings, tiers, badges and milestones."""

from decimal import Decimal

from rest_framework import serializers

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from core.roles import (
    RoleOutputs,
)
from core.serializers import (
    DecimalField,
    IdField,
    IntegerField,
    ModelSerializer,
    MoneyField,
)
from loyalty_management.api.serializers.redemption import LoyaltyUserBriefOutput
from loyalty_management.models import (
    Badge,
    ClientBadge,
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyTransaction,
    Milestone,
    MilestoneKind,
)
from loyalty_management.services.points import MAX_ADJUSTMENT


def _decimal_output(max_digits: int, decimal_places: int, **kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=max_digits,
        decimal_places=decimal_places,
        coerce_to_string=False,
        read_only=True,
        **kwargs,
    )


# Settings ----------------------------------------------------------------------------------------


class LoyaltySettingsOutput(ModelSerializer):
    points_per_currency_unit = _decimal_output(8, 2)

    class Meta:
        model = LoyaltySettings
        fields = (
            "website_id",
            "points_per_currency_unit",
            "points_expiry_months",
            "is_active",
            "review_sla_hours",
            "updated_at",
        )
        read_only_fields = fields


class LoyaltySettingsInput(serializers.Serializer):
    points_per_currency_unit = DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        help_text="Points per 1.00 paid, before the tier multiplier.",
    )
    points_expiry_months = IntegerField(
        min_value=1,
        max_value=240,
        required=False,
        allow_null=True,
        help_text="null: points never expire.",
    )
    is_active = serializers.BooleanField(required=False)
    review_sla_hours = IntegerField(
        min_value=1,
        max_value=24 * 30,
        required=False,
        help_text="Hours within which a redemption request left for review is decided.",
    )


# Tiers -------------------------------------------------------------------------------------------


class LoyaltyTierOutput(ModelSerializer):
    multiplier = _decimal_output(4, 2)
    perks = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = LoyaltyTier
        fields = (
            "id",
            "website_id",
            "name",
            "rank",
            "min_lifetime_points",
            "multiplier",
            "perks",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class LoyaltyTierBriefOutput(ModelSerializer):
    multiplier = _decimal_output(4, 2)
    perks = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = LoyaltyTier
        fields = ("id", "name", "rank", "min_lifetime_points", "multiplier", "perks")
        read_only_fields = fields


class LoyaltyTierInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins only: the website of the tier.")
    name = serializers.CharField(max_length=60)
    rank = IntegerField(min_value=1, max_value=100, help_text="1 is the lowest level.")
    min_lifetime_points = IntegerField(min_value=0, max_value=2_000_000_000)
    multiplier = DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    perks = serializers.ListField(
        child=serializers.CharField(max_length=120), max_length=20, required=False
    )


# Badges and milestones ---------------------------------------------------------------------------


class LoyaltyBadgeOutput(ModelSerializer):
    class Meta:
        model = Badge
        fields = (
            "id",
            "website_id",
            "name",
            "description",
            "icon",
            "is_active",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class LoyaltyBadgeInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins only: the website of the badge.")
    name = serializers.CharField(max_length=80)
    description = serializers.CharField(max_length=255, required=False, allow_blank=True)
    icon = serializers.CharField(max_length=100, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class LoyaltyBadgeBriefOutput(ModelSerializer):
    class Meta:
        model = Badge
        fields = ("id", "name", "icon")
        read_only_fields = fields


class LoyaltyMilestoneOutput(ModelSerializer):
    threshold = _decimal_output(MONEY_MAX_DIGITS, MONEY_DECIMAL_PLACES)
    badge = LoyaltyBadgeBriefOutput()

    class Meta:
        model = Milestone
        fields = (
            "id",
            "website_id",
            "name",
            "description",
            "kind",
            "threshold",
            "badge",
            "bonus_points",
            "is_active",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class LoyaltyMilestoneInput(serializers.Serializer):
    website_id = IdField(
        required=False, help_text="Superadmins only: the website of the milestone."
    )
    name = serializers.CharField(max_length=80)
    description = serializers.CharField(max_length=255, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=MilestoneKind.choices)
    threshold = MoneyField(
        help_text="Lifetime points or orders (whole numbers), or an amount spent.",
    )
    badge_id = IdField()
    bonus_points = IntegerField(min_value=0, max_value=MAX_ADJUSTMENT, required=False)
    is_active = serializers.BooleanField(required=False)


# Summary, ledger, awards -------------------------------------------------------------------------


class LoyaltyClientBadgeOutput(ModelSerializer):
    badge_id = serializers.IntegerField()
    name = serializers.CharField(source="badge.name")
    description = serializers.CharField(source="badge.description")
    icon = serializers.CharField(source="badge.icon")

    class Meta:
        model = ClientBadge
        fields = ("badge_id", "name", "description", "icon", "awarded_at")
        read_only_fields = fields


class LoyaltySummaryOutput(serializers.Serializer):
    points_balance = serializers.IntegerField(help_text="All points, held ones included.")
    points_held = serializers.IntegerField(help_text="Reserved by pending redemption requests.")
    points_available = serializers.IntegerField(help_text="Balance minus held: what can be spent.")
    points_debt = serializers.IntegerField(
        help_text="Points owed after a refund of points already spent; the next points pay it."
    )
    lifetime_points = serializers.IntegerField(help_text="Ever earned or awarded; sets the tier.")
    tier = LoyaltyTierBriefOutput(allow_null=True)
    next_tier = LoyaltyTierBriefOutput(allow_null=True)
    points_to_next_tier = serializers.IntegerField(
        allow_null=True, help_text="Lifetime points still needed (null at the top tier)."
    )
    badges = LoyaltyClientBadgeOutput(many=True)


class LoyaltyTransactionOutput(ModelSerializer):
    client = LoyaltyUserBriefOutput(source="account.client")
    created_by = LoyaltyUserBriefOutput(allow_null=True)
    payment_id = serializers.IntegerField(allow_null=True)
    redemption_id = serializers.IntegerField(allow_null=True)
    milestone_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = LoyaltyTransaction
        fields = (
            "id",
            "client",
            "kind",
            "points",
            "points_held_change",
            "balance_after",
            "held_after",
            "shortfall",
            "debt_change",
            "debt_after",
            "reason",
            "payment_id",
            "redemption_id",
            "milestone_id",
            "created_by",
            "created_at",
        )
        read_only_fields = fields


class LoyaltyTransactionClientOutput(ModelSerializer):
    """A ledger row as its client reads it: never which admin made it."""

    client = LoyaltyUserBriefOutput(source="account.client")
    payment_id = serializers.IntegerField(allow_null=True)
    redemption_id = serializers.IntegerField(allow_null=True)
    milestone_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = LoyaltyTransaction
        fields = (
            "id",
            "client",
            "kind",
            "points",
            "points_held_change",
            "balance_after",
            "held_after",
            "shortfall",
            "debt_change",
            "debt_after",
            "reason",
            "payment_id",
            "redemption_id",
            "milestone_id",
            "created_at",
        )
        read_only_fields = fields


LOYALTY_TRANSACTION_OUTPUTS = RoleOutputs(
    "LoyaltyTransactionOutputByRole",
    admin=LoyaltyTransactionOutput,
    client=LoyaltyTransactionClientOutput,
)


class LoyaltyPointsAdjustInput(serializers.Serializer):
    client_id = IdField()
    points = IntegerField(min_value=1, max_value=MAX_ADJUSTMENT)
    reason = serializers.CharField(max_length=255, help_text="Required; kept in the ledger.")


class LoyaltySummaryQueryInput(serializers.Serializer):
    client = IdField(required=False, help_text="Admins: the client whose summary to read.")
