from decimal import Decimal

from rest_framework import serializers

from approvals.models import ApprovalSettings, PendingAdjustment
from approvals.services import ADJUSTMENT_EVENT_FIELDS
from core.serializers import IntegerField, ModelSerializer, MoneyField


class PendingAdjustmentOutput(ModelSerializer):
    class Meta:
        model = PendingAdjustment
        fields = ("id", "website_id", *ADJUSTMENT_EVENT_FIELDS[1:])
        read_only_fields = fields


class ApprovalSettingsOutput(ModelSerializer):
    class Meta:
        model = ApprovalSettings
        fields = ("website_id", "money_threshold", "points_threshold", "expiry_hours")
        read_only_fields = fields


class ApprovalSettingsInput(serializers.Serializer):
    money_threshold = MoneyField(
        required=False,
        allow_null=True,
        min_value=Decimal("0.00"),
        help_text="Empty: money never waits.",
    )
    points_threshold = IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**63 - 1,
        help_text="Empty: points never wait.",
    )
    expiry_hours = IntegerField(required=False, min_value=1, max_value=24 * 30)


class DecisionInput(serializers.Serializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)
