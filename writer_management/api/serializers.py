"""Inputs and outputs of the writer-management API; each role reads tips through its own shape."""

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from core.serializers import (
    IdField,
    IntegerField,
    ModelSerializer,
    MoneyField,
    MoneyOutputField,
    PercentageField,
    PercentageOutputField,
    UserBriefOutput,
    WebsiteBriefOutput,
)
from writer_management.models import (
    Tip,
    TipPaymentMethod,
    TipSettings,
    WriterLevel,
    WriterProfile,
)

# Tips --------------------------------------------------------------------------------------------


class TipPartyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class TipCreateInput(serializers.Serializer):
    writer_id = IdField(help_text="The writer to tip (of your website).")
    tip_amount = MoneyField(help_text="Within the website's minimum and maximum tip.")
    tip_reason = serializers.CharField(max_length=500, help_text="What the tip is for.")
    order_id = IdField(
        required=False,
        allow_null=True,
        help_text="An order of yours the writer wrote: makes an `order` tip.",
    )
    class_bundle_id = IdField(
        required=False,
        allow_null=True,
        help_text="A class bundle of yours assigned to the writer: makes a `class` tip.",
    )
    payment_method = serializers.ChoiceField(
        choices=TipPaymentMethod.choices,
        default=TipPaymentMethod.WALLET,
        help_text="`wallet` pays at once; `manual` waits for an admin to confirm.",
    )


class TipAudienceField(serializers.ChoiceField):
    """Whose view of the tip a shape is: a constant per shape, so each tells itself apart."""

    def __init__(self, audience: str):
        self.audience = audience
        super().__init__(
            choices=[audience],
            source="*",
            read_only=True,
            help_text=(
                "Whose view of the tip this is (`client`, `writer` or `admin`): tells the "
                "shapes apart."
            ),
        )

    def to_representation(self, value) -> str:
        return self.audience


class TipClientOutput(ModelSerializer):
    """A tip as the client who sent it sees it: never the split or the writer's percentage."""

    audience = TipAudienceField("client")
    writer = TipPartyOutput()
    tip_amount = MoneyOutputField()

    class Meta:
        model = Tip
        fields = (
            "audience",
            "id",
            "tip_type",
            "writer",
            "order_id",
            "class_bundle_id",
            "tip_amount",
            "tip_reason",
            "payment_method",
            "payment_status",
            "failure_reason",
            "sent_at",
            "updated_at",
        )
        read_only_fields = fields


class TipWriterOutput(ModelSerializer):
    """A tip as the writer who received it sees it: only their share, as `amount_received`."""

    audience = TipAudienceField("writer")
    client = TipPartyOutput()
    amount_received = MoneyOutputField(source="writer_earning")

    class Meta:
        model = Tip
        fields = (
            "audience",
            "id",
            "tip_type",
            "client",
            "order_id",
            "class_bundle_id",
            "amount_received",
            "tip_reason",
            "payment_status",
            "sent_at",
        )
        read_only_fields = fields


class TipPaymentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    external_reference = serializers.CharField(
        help_text="The receipt an admin confirmed a manual payment with."
    )
    completed_at = serializers.DateTimeField(allow_null=True)
    refunded_at = serializers.DateTimeField(allow_null=True)
    refund_reason = serializers.CharField()


class TipAdminOutput(ModelSerializer):
    """A tip with every field, for the website's admins and superadmins."""

    audience = TipAudienceField("admin")
    website = WebsiteBriefOutput()
    client = UserBriefOutput()
    writer = UserBriefOutput()
    tip_amount = MoneyOutputField()
    writer_percentage = PercentageOutputField(read_only=True)
    writer_earning = MoneyOutputField()
    platform_profit = MoneyOutputField()
    writer_level_id = serializers.IntegerField(allow_null=True, read_only=True)
    writer_level_name = serializers.CharField(
        read_only=True, help_text="The level's name at tip time; empty without a level."
    )
    payment = TipPaymentOutput()

    class Meta:
        model = Tip
        fields = (
            "audience",
            "id",
            "website",
            "client",
            "writer",
            "tip_type",
            "order_id",
            "class_bundle_id",
            "tip_amount",
            "tip_reason",
            "writer_level_id",
            "writer_level_name",
            "writer_percentage",
            "writer_earning",
            "platform_profit",
            "payment_method",
            "payment_status",
            "failure_reason",
            "payment",
            "sent_at",
            "updated_at",
        )
        read_only_fields = fields


# `audience` is the discriminator: one constant per shape, so a tip matches exactly one of them.
TipOutputByRole = PolymorphicProxySerializer(
    component_name="TipOutputByRole",
    serializers={"client": TipClientOutput, "writer": TipWriterOutput, "admin": TipAdminOutput},
    resource_type_field_name="audience",
)


class TipConfirmPaymentInput(serializers.Serializer):
    reference = serializers.CharField(
        max_length=120, help_text="The off-platform receipt (bank transfer id, invoice number)."
    )


class TipRefundInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class TipEarningsMonthOutput(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM, a calendar month of the reporting zone.")
    tips_count = serializers.IntegerField()
    amount_received = MoneyOutputField()


class TipEarningsOutput(serializers.Serializer):
    tips_count = serializers.IntegerField()
    total_received = MoneyOutputField()
    months = TipEarningsMonthOutput(many=True, help_text="Newest month first.")


# Tip settings ------------------------------------------------------------------------------------


class TipSettingsOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    default_writer_percentage = PercentageOutputField(read_only=True)
    min_tip_amount = MoneyOutputField()
    max_tip_amount = MoneyOutputField()

    class Meta:
        model = TipSettings
        fields = (
            "website",
            "default_writer_percentage",
            "min_tip_amount",
            "max_tip_amount",
            "updated_at",
        )
        read_only_fields = fields


class TipSettingsInput(serializers.Serializer):
    default_writer_percentage = PercentageField(
        min_value=0, help_text="The share of writers who have no level."
    )
    min_tip_amount = MoneyField()
    max_tip_amount = MoneyField()


# Writer levels -----------------------------------------------------------------------------------


class WriterLevelOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    tip_percentage = PercentageOutputField(read_only=True)
    writers_count = serializers.IntegerField(read_only=True, help_text="Writers on this level now.")

    class Meta:
        model = WriterLevel
        fields = (
            "id",
            "website",
            "name",
            "tip_percentage",
            "display_order",
            "is_active",
            "writers_count",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class WriterLevelInput(serializers.Serializer):
    website_id = IdField(
        required=False, help_text="Superadmins only, on create: the level's website."
    )
    name = serializers.CharField(max_length=100)
    tip_percentage = PercentageField(min_value=0, help_text="The writers' share of a tip.")
    display_order = IntegerField(min_value=0, default=0)
    is_active = serializers.BooleanField(default=True)


class WriterLevelBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    tip_percentage = PercentageOutputField(read_only=True)


# Writer profiles ---------------------------------------------------------------------------------


class WriterProfileOutput(ModelSerializer):
    writer = UserBriefOutput(source="user")
    website = WebsiteBriefOutput()
    level = WriterLevelBriefOutput(allow_null=True)
    tip_percentage = PercentageOutputField(
        read_only=True,
        help_text="What the writer's next tip pays them: their level's, else the default.",
    )

    class Meta:
        model = WriterProfile
        fields = (
            "id",
            "writer",
            "website",
            "level",
            "pen_name",
            "tip_percentage",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class WriterProfileCreateInput(serializers.Serializer):
    writer_id = IdField()
    level_id = IdField(required=False, allow_null=True)
    pen_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class WriterProfileUpdateInput(serializers.Serializer):
    pen_name = serializers.CharField(max_length=100, allow_blank=True)


class WriterProfileAssignLevelInput(serializers.Serializer):
    level_id = IdField(
        allow_null=True, help_text="An active level of the writer's website; null: no level."
    )
