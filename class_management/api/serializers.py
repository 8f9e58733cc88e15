from rest_framework import serializers

from class_management.models import ClassBundle, ClassInstallment
from class_management.selectors import (
    class_bundle_balance_remaining,
    class_bundle_installments_paid,
)
from core.roles import (
    RoleOutputs,
)
from core.serializers import (
    DateField,
    IdField,
    IntegerField,
    ModelSerializer,
    MoneyField,
    MoneyOutputField,
    PartyBriefOutput,
    UserBriefOutput,
    WebsiteBriefOutput,
)


class ClassInstallmentOutput(ModelSerializer):
    amount = MoneyOutputField()

    class Meta:
        model = ClassInstallment
        fields = (
            "id",
            "bundle_id",
            "installment_number",
            "amount",
            "due_date",
            "is_paid",
            "is_overdue",
            "paid_at",
            "paid_by",
            "payment_record",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ClassBundleMoneyOutputField(MoneyOutputField):
    """A money figure computed from the whole bundle by a selector."""

    def __init__(self, compute, **kwargs):
        self.compute = compute
        super().__init__(source="*", **kwargs)

    def to_representation(self, value):
        return super().to_representation(self.compute(bundle=value))


class ClassBundleOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    client = UserBriefOutput()
    assigned_writer = UserBriefOutput(allow_null=True)
    total_price = MoneyOutputField()
    deposit_required = MoneyOutputField()
    deposit_paid = serializers.SerializerMethodField()
    installments_paid_total = ClassBundleMoneyOutputField(class_bundle_installments_paid)
    balance_remaining = ClassBundleMoneyOutputField(
        class_bundle_balance_remaining,
        help_text="total_price - deposit paid - installments paid; never below zero.",
    )
    installments = ClassInstallmentOutput(many=True, read_only=True)

    class Meta:
        model = ClassBundle
        fields = (
            "id",
            "website",
            "client",
            "assigned_writer",
            "title",
            "course",
            "status",
            "total_price",
            "deposit_required",
            "deposit_paid",
            "deposit_payment",
            "installments_enabled",
            "installments_paid_total",
            "balance_remaining",
            "installments",
            "activated_at",
            "completed_at",
            "cancelled_at",
            "created_by_id",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_deposit_paid(self, obj: ClassBundle) -> bool:
        return obj.deposit_payment_id is not None


class ClassInstallmentWriterOutput(ModelSerializer):
    """An installment as the class's writer sees it: the schedule, never the client's money."""

    class Meta:
        model = ClassInstallment
        fields = (
            "id",
            "bundle_id",
            "installment_number",
            "due_date",
            "is_paid",
            "is_overdue",
            "paid_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ClassBundleClientOutput(ClassBundleOutput):
    """A bundle as its client sees it: every price; the writer's id and username, no admin."""

    assigned_writer = PartyBriefOutput(allow_null=True)

    class Meta(ClassBundleOutput.Meta):
        fields = (
            "id",
            "website",
            "client",
            "assigned_writer",
            "title",
            "course",
            "status",
            "total_price",
            "deposit_required",
            "deposit_paid",
            "deposit_payment",
            "installments_enabled",
            "installments_paid_total",
            "balance_remaining",
            "installments",
            "activated_at",
            "completed_at",
            "cancelled_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ClassBundleWriterOutput(ModelSerializer):
    """A bundle as its writer sees it: the class and its schedule, never what the client pays."""

    website = WebsiteBriefOutput()
    client = PartyBriefOutput()
    assigned_writer = UserBriefOutput(allow_null=True)
    installments = ClassInstallmentWriterOutput(many=True, read_only=True)

    class Meta:
        model = ClassBundle
        fields = (
            "id",
            "website",
            "client",
            "assigned_writer",
            "title",
            "course",
            "status",
            "installments_enabled",
            "installments",
            "activated_at",
            "completed_at",
            "cancelled_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


CLASS_BUNDLE_OUTPUTS = RoleOutputs(
    "ClassBundleOutputByRole",
    admin=ClassBundleOutput,
    client=ClassBundleClientOutput,
    writer=ClassBundleWriterOutput,
)
CLASS_INSTALLMENT_OUTPUTS = RoleOutputs(
    "ClassInstallmentOutputByRole",
    admin=ClassInstallmentOutput,
    client=ClassInstallmentOutput,
    writer=ClassInstallmentWriterOutput,
)


class ClassBundleCreateInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins only: the website of the bundle.")
    client_id = IdField()
    assigned_writer_id = IdField(required=False, allow_null=True)
    title = serializers.CharField(max_length=255)
    course = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    total_price = MoneyField()
    deposit_required = MoneyField(min_value=0, required=False, default=0)
    installments_enabled = serializers.BooleanField(required=False, default=True)


class ClassBundleUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=255, required=False)
    course = serializers.CharField(max_length=255, required=False, allow_blank=True)
    assigned_writer_id = IdField(required=False, allow_null=True)
    total_price = MoneyField(required=False, help_text="Drafts only.")
    deposit_required = MoneyField(min_value=0, required=False, help_text="Drafts only.")
    installments_enabled = serializers.BooleanField(required=False, help_text="Drafts only.")


class ClassInstallmentPartInput(serializers.Serializer):
    amount = MoneyField()
    due_date = DateField()


class ClassInstallmentsConfigureInput(serializers.Serializer):
    """Either `count` and `interval_days` (equal parts) or an explicit `installments` list."""

    count = IntegerField(required=False, min_value=1)
    interval_days = IntegerField(required=False, min_value=1)
    first_due_date = DateField(required=False, help_text="Default: `interval_days` from today.")
    installments = ClassInstallmentPartInput(many=True, required=False)

    def validate(self, attrs):
        split = "count" in attrs or "interval_days" in attrs
        explicit = "installments" in attrs
        if split and explicit:
            raise serializers.ValidationError(
                {"installments": ["Send either count and interval_days, or installments."]}
            )
        if not split and not explicit:
            raise serializers.ValidationError(
                {"count": ["Send either count and interval_days, or installments."]}
            )
        if split:
            for field in ("count", "interval_days"):
                if field not in attrs:
                    raise serializers.ValidationError({field: ["This field is required."]})
        return attrs


class ClassInstallmentPaymentClientOutput(serializers.Serializer):
    """What paying an installment answers its client: the installment and the bundle."""

    installment = ClassInstallmentOutput()
    bundle = ClassBundleClientOutput()
