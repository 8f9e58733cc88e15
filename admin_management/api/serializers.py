"""Inputs (query parameters) and outputs of the admin tip endpoints.

The output names are what the admin frontend reads: keep them. Money is a JSON number rounded to
cents; averages and percentages are rounded to two places.
"""

from datetime import date
from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import INT64_MAX
from core.reporting import check_date_order
from core.serializers import (
    DateField,
    IdField,
    IntegerField,
    MoneyOutputField,
    PercentageField,
    PercentageOutputField,
    UserBriefOutput,
    WebsiteBriefOutput,
)
from writer_management.models import TipPaymentStatus, TipType

DAYS_MIN, DAYS_MAX = 1, 365
LIMIT_MIN, LIMIT_MAX, LIMIT_DEFAULT = 1, 1000, 50


class ClampedIntegerField(IntegerField):
    """An integer moved into `[low, high]` instead of refused; a non-integer is still a 400."""

    def __init__(self, *, low: int, high: int | None = None, **kwargs):
        self.low, self.high = low, high
        super().__init__(min_value=None, max_value=None, **kwargs)

    def to_internal_value(self, data) -> int:
        value = max(super().to_internal_value(data), self.low)
        return value if self.high is None else min(value, self.high)


def _days(default: int) -> ClampedIntegerField:
    return ClampedIntegerField(low=DAYS_MIN, high=DAYS_MAX, required=False, default=default)


def _id() -> IdField:
    return IdField(required=False)


class _DateRangeInput(serializers.Serializer):
    date_from = DateField(required=False)
    date_to = DateField(required=False)

    def validate(self, attrs: dict) -> dict:
        check_date_order(attrs.get("date_from"), attrs.get("date_to"))
        return attrs


class TipAdminDashboardInput(serializers.Serializer):
    days = _days(30)


class TipAdminAnalyticsInput(serializers.Serializer):
    days = _days(90)


class TipAdminEarningsInput(_DateRangeInput):
    pass


class TipAdminWhatIfInput(_DateRangeInput):
    level = serializers.CharField(
        max_length=100,
        required=False,
        help_text="The writer level (its name at tip time) whose percentage changes.",
    )
    percentage = PercentageField(
        min_value=Decimal("0"), required=False, help_text="The level's percentage in the scenario."
    )
    default_percentage = PercentageField(
        min_value=Decimal("0"),
        required=False,
        help_text="The percentage of writers without a level in the scenario.",
    )

    def validate_level(self, value: str) -> str:
        # The view passes the scope's level names, read only when a level is named.
        if value not in self.context["level_names"]():
            raise serializers.ValidationError(
                "No writer level of this name, now or in the tips you can see."
            )
        return value

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if ("level" in attrs) != ("percentage" in attrs):
            missing = "percentage" if "level" in attrs else "level"
            raise serializers.ValidationError({missing: ["`level` and `percentage` go together."]})
        if "level" not in attrs and "default_percentage" not in attrs:
            raise serializers.ValidationError(
                {
                    "percentage": [
                        "Name a `level` and its `percentage`, a `default_percentage`, or both."
                    ]
                }
            )
        return attrs


class TipAdminExportInput(_DateRangeInput):
    tip_type = serializers.ChoiceField(choices=TipType.choices, required=False)
    payment_status = serializers.ChoiceField(choices=TipPaymentStatus.choices, required=False)
    writer_id = _id()
    client_id = _id()


class TipAdminListInput(TipAdminExportInput):
    limit = ClampedIntegerField(
        low=LIMIT_MIN, high=LIMIT_MAX, required=False, default=LIMIT_DEFAULT
    )
    offset = ClampedIntegerField(low=0, high=INT64_MAX, required=False, default=0)


# Outputs -----------------------------------------------------------------------------------------


def _money(**kwargs) -> MoneyOutputField:
    return MoneyOutputField(max_digits=16, **kwargs)


def _two_places() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False, read_only=True
    )


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2025-06", "description": "YYYY-MM"}
)
class TipAdminMonthField(serializers.Field):
    """A calendar month, rendered `YYYY-MM`."""

    def to_representation(self, value: date) -> str:
        return value.strftime("%Y-%m")


@extend_schema_field({"type": "string", "nullable": True, "example": "Senior"})
class TipAdminLevelNameField(serializers.Field):
    """The writer level's name at tip time; null when the writer had no level."""

    def to_representation(self, value: str | None) -> str | None:
        return value or None


class TipAdminSummaryOutput(serializers.Serializer):
    total_tips = serializers.IntegerField(help_text="How many tips, whatever their status.")
    total_tip_amount = _money()
    total_writer_earnings = _money()
    total_platform_profit = _money()
    avg_tip_amount = _money()
    avg_writer_percentage = _two_places()


class TipAdminRecentSummaryOutput(serializers.Serializer):
    days = serializers.IntegerField(help_text="The window: today and the days-1 days before.")
    total_tips = serializers.IntegerField()
    total_tip_amount = _money()
    total_writer_earnings = _money()
    total_platform_profit = _money()


class TipAdminPaymentStatusCountsOutput(serializers.Serializer):
    completed = serializers.IntegerField()
    pending = serializers.IntegerField()
    processing = serializers.IntegerField()
    failed = serializers.IntegerField()
    refunded = serializers.IntegerField()


class TipAdminTypeBreakdownOutput(serializers.Serializer):
    tip_type = serializers.ChoiceField(choices=TipType.choices)
    count = serializers.IntegerField()
    total_amount = _money()
    writer_earnings = _money()
    platform_profit = _money()


class TipAdminStatusBreakdownOutput(serializers.Serializer):
    payment_status = serializers.ChoiceField(choices=TipPaymentStatus.choices)
    count = serializers.IntegerField()
    total_amount = _money()


class TipAdminLevelBreakdownOutput(serializers.Serializer):
    writer_level__name = TipAdminLevelNameField()
    count = serializers.IntegerField()
    total_amount = _money()
    writer_earnings = _money()
    platform_profit = _money()
    avg_percentage = _two_places()


class TipAdminDashboardOutput(serializers.Serializer):
    summary = TipAdminSummaryOutput(help_text="Every tip, all time.")
    recent_summary = TipAdminRecentSummaryOutput()
    payment_status = TipAdminPaymentStatusCountsOutput(help_text="Tips per status; zeros included.")
    type_breakdown = TipAdminTypeBreakdownOutput(many=True)
    payment_status_breakdown = TipAdminStatusBreakdownOutput(many=True)
    level_breakdown = TipAdminLevelBreakdownOutput(many=True)


class TipAdminOrderBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order_number = serializers.CharField()


class TipAdminClassBundleBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TipAdminTipOutput(serializers.Serializer):
    id = serializers.IntegerField()
    client = UserBriefOutput()
    writer = UserBriefOutput()
    tip_type = serializers.ChoiceField(choices=TipType.choices)
    tip_amount = _money()
    writer_earning = _money()
    platform_profit = _money()
    writer_percentage = _two_places()
    writer_level = TipAdminLevelNameField(source="writer_level_name")
    payment_status = serializers.ChoiceField(choices=TipPaymentStatus.choices)
    tip_reason = serializers.CharField()
    sent_at = serializers.DateTimeField()
    order = TipAdminOrderBriefOutput(allow_null=True)
    class_bundle = TipAdminClassBundleBriefOutput(allow_null=True)
    website = WebsiteBriefOutput()


class TipAdminListSummaryOutput(serializers.Serializer):
    total_tip_amount = _money()
    total_writer_earnings = _money()
    total_platform_profit = _money()


class TipAdminListOutput(serializers.Serializer):
    count = serializers.IntegerField(help_text="Every matching tip, not just this page.")
    results = TipAdminTipOutput(many=True, help_text="This page, newest first.")
    summary = TipAdminListSummaryOutput(help_text="Sums over every matching tip.")


class TipAdminPeriodOutput(serializers.Serializer):
    days = serializers.IntegerField()
    date_from = serializers.DateField(help_text="The window's first local day.")


class TipAdminMonthTrendOutput(serializers.Serializer):
    month = TipAdminMonthField()
    count = serializers.IntegerField()
    total_amount = _money()
    writer_earnings = _money()
    platform_profit = _money()


class TipAdminWeekTrendOutput(serializers.Serializer):
    week = serializers.DateField(help_text="The week's Monday.")
    count = serializers.IntegerField()
    total_amount = _money()
    writer_earnings = _money()
    platform_profit = _money()


class TipAdminDayTrendOutput(serializers.Serializer):
    day = serializers.DateField()
    count = serializers.IntegerField()
    total_amount = _money()
    writer_earnings = _money()
    platform_profit = _money()


class TipAdminTrendsOutput(serializers.Serializer):
    monthly = TipAdminMonthTrendOutput(many=True, help_text="The months the window touches.")
    weekly = TipAdminWeekTrendOutput(many=True, help_text="The last 12 weeks (Monday to Sunday).")
    daily = TipAdminDayTrendOutput(many=True, help_text="The last 30 days.")


class TipAdminAnalyticsTypeOutput(serializers.Serializer):
    tip_type = serializers.ChoiceField(choices=TipType.choices)
    count = serializers.IntegerField()
    total_amount = _money()
    writer_earnings = _money()
    platform_profit = _money()
    avg_amount = _money()


class TipAdminAnalyticsLevelOutput(serializers.Serializer):
    writer_level__name = TipAdminLevelNameField()
    tip_count = serializers.IntegerField()
    total_tips = _money(help_text="The sum of the tip amounts.")
    total_writer_earnings = _money()
    total_platform_profit = _money()
    avg_percentage = _two_places()


class TipAdminBreakdownsOutput(serializers.Serializer):
    by_type = TipAdminAnalyticsTypeOutput(many=True)
    by_level = TipAdminAnalyticsLevelOutput(many=True)


class TipAdminTopWriterOutput(serializers.Serializer):
    writer__id = serializers.IntegerField()
    writer__username = serializers.CharField()
    writer__email = serializers.EmailField()
    tip_count = serializers.IntegerField()
    total_received = _money()
    avg_tip = _money()


class TipAdminTopClientOutput(serializers.Serializer):
    client__id = serializers.IntegerField()
    client__username = serializers.CharField()
    client__email = serializers.EmailField()
    tip_count = serializers.IntegerField()
    total_sent = _money()


class TipAdminTopPerformersOutput(serializers.Serializer):
    writers = TipAdminTopWriterOutput(many=True, help_text="Top 10 by the share they received.")
    clients = TipAdminTopClientOutput(many=True, help_text="Top 10 by the amount they sent.")


class TipAdminAnalyticsOutput(serializers.Serializer):
    period = TipAdminPeriodOutput()
    trends = TipAdminTrendsOutput()
    breakdowns = TipAdminBreakdownsOutput()
    top_performers = TipAdminTopPerformersOutput()


class TipAdminEarningsOverallOutput(serializers.Serializer):
    total_tips = serializers.IntegerField(help_text="How many completed tips.")
    total_tip_amount = _money()
    total_writer_earnings = _money()
    total_platform_profit = _money()
    avg_tip_amount = _money()
    avg_writer_percentage = _two_places()
    platform_profit_percentage = _two_places()


class TipAdminEarningsLevelOutput(serializers.Serializer):
    writer_level__name = TipAdminLevelNameField()
    tip_count = serializers.IntegerField()
    total_tips = _money(help_text="The sum of the tip amounts.")
    writer_earnings = _money()
    platform_profit = _money()
    avg_percentage = _two_places()


class TipAdminEarningsTypeOutput(serializers.Serializer):
    tip_type = serializers.ChoiceField(choices=TipType.choices)
    tip_count = serializers.IntegerField()
    total_tips = _money(help_text="The sum of the tip amounts.")
    writer_earnings = _money()
    platform_profit = _money()


class TipAdminEarningsMonthOutput(serializers.Serializer):
    month = TipAdminMonthField()
    tip_count = serializers.IntegerField()
    total_tips = _money(help_text="The sum of the tip amounts.")
    writer_earnings = _money()
    platform_profit = _money()


class TipAdminWhatIfAmountsOutput(serializers.Serializer):
    writer_earnings = _money()
    platform_profit = _money()


def _what_if_amounts(help_text: str) -> TipAdminWhatIfAmountsOutput:
    return TipAdminWhatIfAmountsOutput(help_text=help_text)


_CURRENT = "What the completed tips paid."
_SIMULATED = "What they would have paid in the scenario."
_DIFFERENCE = "Simulated minus current."


class TipAdminWhatIfLevelOutput(serializers.Serializer):
    writer_level__name = TipAdminLevelNameField()
    tip_count = serializers.IntegerField()
    total_tips = _money(help_text="The sum of the tip amounts.")
    current_avg_percentage = _two_places()
    simulated_percentage = PercentageOutputField(
        allow_null=True, help_text="The scenario's percentage; null: the level is unchanged."
    )
    current = _what_if_amounts(_CURRENT)
    simulated = _what_if_amounts(_SIMULATED)
    difference = _what_if_amounts(_DIFFERENCE)


class TipAdminWhatIfTotalOutput(serializers.Serializer):
    tip_count = serializers.IntegerField()
    total_tips = _money(help_text="The sum of the tip amounts.")
    current = _what_if_amounts(_CURRENT)
    simulated = _what_if_amounts(_SIMULATED)
    difference = _what_if_amounts(_DIFFERENCE)


class TipAdminWhatIfPeriodOutput(serializers.Serializer):
    date_from = DateField(allow_null=True)
    date_to = DateField(allow_null=True)


class TipAdminWhatIfScenarioOutput(serializers.Serializer):
    writer_level__name = serializers.CharField(allow_null=True)
    percentage = PercentageOutputField(allow_null=True)
    default_percentage = PercentageOutputField(allow_null=True)


class TipAdminWhatIfOutput(serializers.Serializer):
    period = TipAdminWhatIfPeriodOutput()
    scenario = TipAdminWhatIfScenarioOutput()
    levels = TipAdminWhatIfLevelOutput(many=True)
    total = TipAdminWhatIfTotalOutput()


class TipAdminEarningsOutput(serializers.Serializer):
    overall = TipAdminEarningsOverallOutput()
    by_level = TipAdminEarningsLevelOutput(many=True)
    by_type = TipAdminEarningsTypeOutput(many=True)
    monthly = TipAdminEarningsMonthOutput(
        many=True, help_text="The last 12 months up to date_to (or today), within the filter."
    )
