"""Input and output shapes of wallets, payments and discounts."""

from rest_framework import serializers

from core.money import HUNDRED
from core.roles import (
    RoleOutputs,
)
from core.serializers import (
    DateTimeField,
    IdField,
    IntegerField,
    ModelSerializer,
    MoneyField,
    MoneyOutputField,
    UserBriefOutput,
    WebsiteBriefOutput,
)
from order_payments_management.models import (
    Discount,
    DiscountType,
    DiscountUsage,
    OrderPayment,
    PaymentMethod,
    Wallet,
    WalletTransaction,
)
from order_payments_management.selectors import wallet_transaction_owner_reason

# Wallets -----------------------------------------------------------------------------------------


class WalletOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    user = UserBriefOutput()
    user_role = serializers.CharField(source="user.role")
    balance = MoneyOutputField()

    class Meta:
        model = Wallet
        fields = ("id", "website", "user", "user_role", "balance", "created_at", "updated_at")
        read_only_fields = fields


class WalletOpenInput(serializers.Serializer):
    user_id = IdField(help_text="A client or writer of your website (superadmins: of any website).")


class WalletAdjustInput(serializers.Serializer):
    amount = MoneyField(help_text="A positive amount in whole cents.")
    reason = serializers.CharField(
        max_length=255, help_text="Why the balance changes; shown in the ledger."
    )


class WalletTransactionOutput(ModelSerializer):
    amount = MoneyOutputField(help_text="Signed: credits are positive, debits negative.")
    balance_after = MoneyOutputField()
    payment_reference = serializers.CharField(
        source="payment.reference", allow_null=True, default=None
    )

    class Meta:
        model = WalletTransaction
        fields = (
            "id",
            "wallet_id",
            "amount",
            "kind",
            "reason",
            "payment_id",
            "payment_reference",
            "reference",
            "balance_after",
            "created_by_id",
            "created_at",
        )
        read_only_fields = fields


class WalletTransactionOwnerOutput(ModelSerializer):
    """A ledger row as the wallet's client or writer reads it.

    Never who made the row (an admin, or the client whose tip credited a writer), and a tip
    earning's reason names only the tip: the writer's `amount` is all a writer sees of a tip.
    """

    amount = MoneyOutputField(help_text="Signed: credits are positive, debits negative.")
    balance_after = MoneyOutputField()
    payment_reference = serializers.CharField(
        source="payment.reference", allow_null=True, default=None
    )
    reason = serializers.SerializerMethodField()

    class Meta:
        model = WalletTransaction
        fields = (
            "id",
            "wallet_id",
            "amount",
            "kind",
            "reason",
            "payment_id",
            "payment_reference",
            "reference",
            "balance_after",
            "created_at",
        )
        read_only_fields = fields

    def get_reason(self, row: WalletTransaction) -> str:
        return wallet_transaction_owner_reason(row=row)


WALLET_TRANSACTION_OUTPUTS = RoleOutputs(
    "WalletTransactionOutputByRole",
    admin=WalletTransactionOutput,
    client=WalletTransactionOwnerOutput,
    writer=WalletTransactionOwnerOutput,
)


# Payments ----------------------------------------------------------------------------------------


class OrderPaymentOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    client = UserBriefOutput()
    order_number = serializers.CharField(source="order.order_number", allow_null=True, default=None)
    original_amount = MoneyOutputField(help_text="The price before any discount.")
    discount_amount = MoneyOutputField(help_text="What the discount took off.")
    amount = MoneyOutputField(help_text="What was charged: original amount minus discount.")
    discount_code = serializers.CharField(source="discount.code", allow_null=True, default=None)

    class Meta:
        model = OrderPayment
        fields = (
            "id",
            "website",
            "client",
            "payment_type",
            "order_id",
            "order_number",
            "method",
            "status",
            "original_amount",
            "discount_code",
            "discount_amount",
            "amount",
            "reference",
            "external_reference",
            "description",
            "failure_reason",
            "confirmed_by_id",
            "completed_at",
            "refunded_by_id",
            "refunded_at",
            "refund_reason",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class OrderPaymentClientOutput(ModelSerializer):
    """A payment as its client sees it: never which admin confirmed or refunded it."""

    website = WebsiteBriefOutput()
    client = UserBriefOutput()
    order_number = serializers.CharField(source="order.order_number", allow_null=True, default=None)
    original_amount = MoneyOutputField(help_text="The price before any discount.")
    discount_amount = MoneyOutputField(help_text="What the discount took off.")
    amount = MoneyOutputField(help_text="What was charged: original amount minus discount.")
    discount_code = serializers.CharField(source="discount.code", allow_null=True, default=None)

    class Meta:
        model = OrderPayment
        fields = (
            "id",
            "website",
            "client",
            "payment_type",
            "order_id",
            "order_number",
            "method",
            "status",
            "original_amount",
            "discount_code",
            "discount_amount",
            "amount",
            "reference",
            "external_reference",
            "description",
            "failure_reason",
            "completed_at",
            "refunded_at",
            "refund_reason",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


ORDER_PAYMENT_OUTPUTS = RoleOutputs(
    "OrderPaymentOutputByRole", admin=OrderPaymentOutput, client=OrderPaymentClientOutput
)


class OrderPayInput(serializers.Serializer):
    discount_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="Optional discount code."
    )
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices,
        default=PaymentMethod.WALLET,
        help_text=(
            "`wallet` (default): charged now, the order becomes paid. `manual`: paid "
            "off-platform; the payment waits for an admin to confirm it."
        ),
    )


class OrderPaymentConfirmInput(serializers.Serializer):
    reference = serializers.CharField(
        max_length=120, help_text="The off-platform receipt, e.g. a bank transfer id."
    )


class OrderPaymentRefundInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255, help_text="Why the payment is refunded.")


# Discounts ---------------------------------------------------------------------------------------


class DiscountOutput(ModelSerializer):
    website = WebsiteBriefOutput()
    value = MoneyOutputField(help_text="An amount (fixed) or a percentage (percent).")
    min_order_value = MoneyOutputField(allow_null=True)

    class Meta:
        model = Discount
        fields = (
            "id",
            "website",
            "code",
            "description",
            "discount_type",
            "value",
            "max_uses",
            "per_user_limit",
            "used_count",
            "valid_from",
            "valid_until",
            "min_order_value",
            "origin",
            "is_active",
            "created_by_id",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class DiscountInput(serializers.Serializer):
    website_id = IdField(
        required=False, help_text="Superadmins only, on create: the website of the code."
    )
    code = serializers.CharField(
        max_length=40, help_text="Letters, digits, '-' and '_'; stored upper-case."
    )
    description = serializers.CharField(max_length=255, required=False, allow_blank=True)
    discount_type = serializers.ChoiceField(choices=DiscountType.choices)
    value = MoneyField(help_text="An amount for `fixed`; a percentage (at most 100) for `percent`.")
    max_uses = IntegerField(
        min_value=1, required=False, allow_null=True, help_text="Empty: unlimited."
    )
    per_user_limit = IntegerField(
        min_value=1, required=False, allow_null=True, help_text="Empty: unlimited."
    )
    valid_from = DateTimeField(required=False, allow_null=True)
    valid_until = DateTimeField(required=False, allow_null=True)
    min_order_value = MoneyField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs):
        discount_type = attrs.get("discount_type")
        value = attrs.get("value")
        if discount_type == DiscountType.PERCENT and value is not None and value > HUNDRED:
            raise serializers.ValidationError({"value": ["A percentage cannot exceed 100."]})
        return attrs


class DiscountValidateInput(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    amount = MoneyField(help_text="The amount the code would be applied to.")


class DiscountQuoteOutput(serializers.Serializer):
    code = serializers.CharField()
    discount_type = serializers.ChoiceField(choices=DiscountType.choices)
    value = MoneyOutputField()
    amount = MoneyOutputField(help_text="The amount asked about.")
    discount_amount = MoneyOutputField(help_text="What the code takes off.")
    payable_amount = MoneyOutputField(help_text="What would be charged.")


class DiscountUsageOutput(ModelSerializer):
    user = UserBriefOutput()
    applied_amount = MoneyOutputField()
    payment_reference = serializers.CharField(source="payment.reference")

    class Meta:
        model = DiscountUsage
        fields = (
            "id",
            "discount_id",
            "user",
            "payment_id",
            "payment_reference",
            "order_id",
            "applied_amount",
            "used_at",
        )
        read_only_fields = fields
