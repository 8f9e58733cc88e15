"""Serializers of the program analytics."""

from rest_framework import serializers

from core.serializers import IntegerField, PercentageOutputField
from loyalty_management.models import RedemptionStatus, RedemptionType

MAX_ANALYTICS_DAYS = 366


class LoyaltyAnalyticsQueryInput(serializers.Serializer):
    days = IntegerField(
        min_value=1,
        max_value=MAX_ANALYTICS_DAYS,
        default=30,
        help_text="Calendar days up to today (reporting time zone).",
    )


class LoyaltyAnalyticsPeriodOutput(serializers.Serializer):
    days = serializers.IntegerField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    time_zone = serializers.CharField()


class LoyaltyAnalyticsPointsOutput(serializers.Serializer):
    issued = serializers.IntegerField(help_text="Earned, bonus and awarded in the window.")
    redeemed = serializers.IntegerField(
        help_text="Spent on redemptions in the window, less refunds of cancelled approved ones."
    )
    expired = serializers.IntegerField(help_text="Expired in the window.")
    outstanding = serializers.IntegerField(
        help_text="All balances now: the points clients may still spend (the liability)."
    )
    held = serializers.IntegerField(help_text="Part of `outstanding` held by pending requests.")


def _counts(name: str, choices) -> serializers.Serializer:
    fields = {value: serializers.IntegerField() for value in choices.values}
    return type(name, (serializers.Serializer,), fields)()


class LoyaltyAnalyticsCategoryOutput(serializers.Serializer):
    category_id = serializers.IntegerField()
    name = serializers.CharField()
    requests = serializers.IntegerField()
    points = serializers.IntegerField()


class LoyaltyAnalyticsRedemptionsOutput(serializers.Serializer):
    total = serializers.IntegerField(help_text="Requests made in the window.")
    by_status = _counts("LoyaltyAnalyticsByStatusOutput", RedemptionStatus)
    by_type = _counts("LoyaltyAnalyticsByTypeOutput", RedemptionType)
    by_category = LoyaltyAnalyticsCategoryOutput(many=True)


class LoyaltyAnalyticsReviewOutput(serializers.Serializer):
    decided = serializers.IntegerField(
        help_text="Requests of the window an admin approved or rejected."
    )
    auto_approved = serializers.IntegerField(help_text="Approved by a policy on creation.")
    hours_p50 = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    hours_p90 = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    hours_p99 = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    within_sla_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
        help_text="Share of the decisions made by the website's SLA (`review_sla_hours`).",
    )
    pending_overdue = serializers.IntegerField(help_text="Still pending past their SLA.")


class LoyaltyAnalyticsTopItemOutput(serializers.Serializer):
    item_id = serializers.IntegerField()
    name = serializers.CharField()
    redemption_type = serializers.ChoiceField(choices=RedemptionType.choices)
    redemptions = serializers.IntegerField(help_text="Requests not rejected or cancelled.")
    points = serializers.IntegerField()


class LoyaltyAnalyticsTierOutput(serializers.Serializer):
    tier_id = serializers.IntegerField(allow_null=True, help_text="null: clients below every tier.")
    website_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField()
    clients = serializers.IntegerField()


class LoyaltyAnalyticsDayOutput(serializers.Serializer):
    date = serializers.DateField()
    points_issued = serializers.IntegerField()
    points_redeemed = serializers.IntegerField()
    points_expired = serializers.IntegerField()
    requests = serializers.IntegerField()


class LoyaltyAnalyticsEngagementOutput(serializers.Serializer):
    active_clients = serializers.IntegerField(
        help_text="Clients with points activity in the window."
    )
    total_clients = serializers.IntegerField()
    rate_percent = PercentageOutputField()


class LoyaltyAnalyticsOutput(serializers.Serializer):
    period = LoyaltyAnalyticsPeriodOutput()
    points = LoyaltyAnalyticsPointsOutput()
    redemptions = LoyaltyAnalyticsRedemptionsOutput()
    review = LoyaltyAnalyticsReviewOutput(
        help_text="Time from request to an admin's decision (nearest-rank percentiles, hours)."
    )
    top_items = LoyaltyAnalyticsTopItemOutput(many=True)
    tier_distribution = LoyaltyAnalyticsTierOutput(many=True)
    daily_trend = LoyaltyAnalyticsDayOutput(many=True, help_text="One row per day, oldest first.")
    engagement = LoyaltyAnalyticsEngagementOutput()


class TierWhatIfInput(serializers.Serializer):
    thresholds = serializers.CharField(
        help_text=(
            "Comma-separated lifetime-point thresholds, one per tier, lowest rank first "
            "(e.g. `0,500,2000`)."
        )
    )

    def validate_thresholds(self, value: str) -> list[int]:
        parts = [part.strip() for part in value.split(",")]
        if not parts or not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in parts):
            raise serializers.ValidationError("Whole numbers of points, separated by commas.")
        return [int(part) for part in parts]


class TierWhatIfTierOutput(serializers.Serializer):
    tier_id = serializers.IntegerField()
    name = serializers.CharField()
    rank = serializers.IntegerField()
    threshold_now = serializers.IntegerField()
    threshold = serializers.IntegerField()
    clients_now = serializers.IntegerField()
    clients_then = serializers.IntegerField()


class TierWhatIfBelowOutput(serializers.Serializer):
    clients_now = serializers.IntegerField()
    clients_then = serializers.IntegerField()


class TierWhatIfOutput(serializers.Serializer):
    tiers = TierWhatIfTierOutput(many=True)
    below_every_tier = TierWhatIfBelowOutput()
    clients_moving_up = serializers.IntegerField()
    clients_moving_down = serializers.IntegerField()
