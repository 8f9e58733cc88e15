from rest_framework import serializers

from core.roles import (
    RoleOutputs,
)
from core.serializers import (
    IdField,
    ModelSerializer,
    MoneyField,
    MoneyOutputField,
    PercentageField,
    PercentageOutputField,
    UserBriefOutput,
    WebsiteBriefOutput,
)
from fines.models import (
    Fine,
    FineAppeal,
    FineBaseAmount,
    FineCalculation,
    FineTypeConfig,
)


class FineTypeOutput(ModelSerializer):
    website = WebsiteBriefOutput(allow_null=True)
    amount = MoneyOutputField(allow_null=True)
    percentage = PercentageOutputField(allow_null=True, read_only=True)
    min_amount = MoneyOutputField(allow_null=True)
    max_amount = MoneyOutputField(allow_null=True)
    is_global = serializers.SerializerMethodField()

    class Meta:
        model = FineTypeConfig
        fields = (
            "id",
            "website",
            "is_global",
            "code",
            "name",
            "description",
            "calculation",
            "amount",
            "percentage",
            "base_amount",
            "min_amount",
            "max_amount",
            "origin",
            "is_active",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_is_global(self, obj: FineTypeConfig) -> bool:
        return obj.website_id is None


class FineTypeCreateInput(serializers.Serializer):
    website_id = IdField(
        required=False,
        allow_null=True,
        help_text="Superadmins only: the website; leave out for a global type.",
    )
    code = serializers.SlugField(max_length=50)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    calculation = serializers.ChoiceField(choices=FineCalculation.choices)
    amount = MoneyField(required=False, allow_null=True, help_text="Fixed types: the fine.")
    percentage = PercentageField(
        coerce_to_string=False,
        required=False,
        allow_null=True,
        help_text="Percentage types: 0.01 to 100.",
    )
    base_amount = serializers.ChoiceField(
        choices=FineBaseAmount.choices,
        required=False,
        default=FineBaseAmount.WRITER_COMPENSATION,
        help_text="Percentage types: the order amount the percentage is taken of.",
    )
    min_amount = MoneyField(required=False, allow_null=True)
    max_amount = MoneyField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False, default=True)


class FineTypeUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    calculation = serializers.ChoiceField(choices=FineCalculation.choices, required=False)
    amount = MoneyField(required=False, allow_null=True)
    percentage = PercentageField(coerce_to_string=False, required=False, allow_null=True)
    base_amount = serializers.ChoiceField(choices=FineBaseAmount.choices, required=False)
    min_amount = MoneyField(required=False, allow_null=True)
    max_amount = MoneyField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class FineTypeBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class FineOrderBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order_number = serializers.CharField()
    title = serializers.CharField()


class FineAppealBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    decision = serializers.CharField()
    decision_note = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class FineOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    order = FineOrderBriefOutput()
    writer = UserBriefOutput()
    fine_type = FineTypeBriefOutput()
    amount = MoneyOutputField()
    is_active = serializers.BooleanField(
        read_only=True, help_text="True while the fine reduces the writer's pay."
    )
    appeal = FineAppealBriefOutput(allow_null=True, read_only=True)

    class Meta:
        model = Fine
        fields = (
            "id",
            "website",
            "order",
            "writer",
            "fine_type",
            "amount",
            "reason",
            "status",
            "is_active",
            "issued_by",
            "issued_at",
            "appealed_by",
            "appealed_at",
            "upheld_by",
            "upheld_at",
            "waived_by",
            "waived_at",
            "voided_by",
            "voided_at",
            "resolution_note",
            "appeal",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class FineWriterOutput(ModelSerializer):
    """A fine as the fined writer sees it: what, when and why, never which admin acted."""

    website = WebsiteBriefOutput()
    order = FineOrderBriefOutput()
    writer = UserBriefOutput()
    fine_type = FineTypeBriefOutput()
    amount = MoneyOutputField()
    is_active = serializers.BooleanField(
        read_only=True, help_text="True while the fine reduces the writer's pay."
    )
    appeal = FineAppealBriefOutput(allow_null=True, read_only=True)

    class Meta:
        model = Fine
        fields = (
            "id",
            "website",
            "order",
            "writer",
            "fine_type",
            "amount",
            "reason",
            "status",
            "is_active",
            "issued_at",
            "appealed_at",
            "upheld_at",
            "waived_at",
            "voided_at",
            "resolution_note",
            "appeal",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


FINE_OUTPUTS = RoleOutputs("FineOutputByRole", admin=FineOutput, writer=FineWriterOutput)


class FineIssueInput(serializers.Serializer):
    order_id = IdField()
    fine_type_code = serializers.SlugField(
        max_length=50,
        help_text="The code of the type; the order's website's own type wins over a global one.",
    )
    reason = serializers.CharField()
    writer_id = IdField(
        required=False, help_text="Optional; when sent it must be the order's writer."
    )


class FineResolutionInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FineAppealCreateInput(serializers.Serializer):
    reason = serializers.CharField()


class FineAppealOutput(ModelSerializer):
    fine = FineOutput()

    class Meta:
        model = FineAppeal
        fields = (
            "id",
            "fine",
            "reason",
            "decision",
            "decision_note",
            "decided_by",
            "decided_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class FineAppealWriterOutput(ModelSerializer):
    """An appeal as the writer who made it sees it: the decision, never which admin made it."""

    fine = FineWriterOutput()

    class Meta:
        model = FineAppeal
        fields = (
            "id",
            "fine",
            "reason",
            "decision",
            "decision_note",
            "decided_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


FINE_APPEAL_OUTPUTS = RoleOutputs(
    "FineAppealOutputByRole", admin=FineAppealOutput, writer=FineAppealWriterOutput
)


class FineAppealDecisionInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OrderCompensationOutput(serializers.Serializer):
    """What the order pays its current writer: only that writer's fines count and are listed."""

    order = FineOrderBriefOutput()
    writer = UserBriefOutput(source="order.writer", allow_null=True)
    writer_compensation = MoneyOutputField()
    active_fines_total = MoneyOutputField()
    effective_writer_compensation = MoneyOutputField(
        help_text="writer_compensation minus the active fines, never below zero."
    )
    fines = FineOutput(many=True)


class OrderCompensationWriterOutput(serializers.Serializer):
    """What the order pays the writer reading it: their own fines only, no admin ids."""

    order = FineOrderBriefOutput()
    writer_compensation = MoneyOutputField()
    active_fines_total = MoneyOutputField()
    effective_writer_compensation = MoneyOutputField(
        help_text="writer_compensation minus the active fines, never below zero."
    )
    fines = FineWriterOutput(many=True)


ORDER_COMPENSATION_OUTPUTS = RoleOutputs(
    "OrderCompensationOutputByRole",
    admin=OrderCompensationOutput,
    writer=OrderCompensationWriterOutput,
)
