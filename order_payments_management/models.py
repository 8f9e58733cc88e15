from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round

from core.fields import money_field
from websites.querysets import OwnedRowsQuerySet, WebsiteScopedQuerySet


class Wallet(models.Model):
    """A user's money on one website: clients pay from it, writers are credited into it."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="wallets"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wallets"
    )
    balance = money_field(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedRowsQuerySet.as_manager()

    class Meta:
        ordering = ("id",)
        constraints = [
            models.UniqueConstraint(
                fields=("user", "website"), name="wallet_one_per_user_per_website"
            ),
            models.CheckConstraint(condition=Q(balance__gte=0), name="wallet_balance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Wallet of user {self.user_id} on website {self.website_id}"


class WalletTransactionKind(models.TextChoices):
    TOPUP = "topup", "Top-up"
    PAYMENT = "payment", "Payment"
    REFUND = "refund", "Refund"
    EARNING = "earning", "Earning"
    EARNING_REVERSAL = "earning_reversal", "Earning reversal"
    ADMIN_CREDIT = "admin_credit", "Admin credit"
    ADMIN_DEBIT = "admin_debit", "Admin debit"
    LOYALTY_CREDIT = "loyalty_credit", "Loyalty credit"


class WalletTransactionQuerySet(OwnedRowsQuerySet):
    owner_field = "wallet__user_id"
    website_id_field = "wallet__website_id"


class WalletTransaction(models.Model):
    """One append-only movement of a wallet; the wallet's balance is the sum of its rows.

    Rows are never updated, so there is no `updated_at`.
    """

    wallet = models.ForeignKey(Wallet, on_delete=models.PROTECT, related_name="transactions")
    amount = money_field(help_text="Signed: credits are positive, debits negative.")
    kind = models.CharField(max_length=20, choices=WalletTransactionKind.choices)
    reason = models.CharField(max_length=255, blank=True)
    payment = models.ForeignKey(
        "OrderPayment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wallet_transactions",
    )
    reference = models.CharField(
        max_length=100, blank=True, help_text="What else caused it, e.g. 'redemption:42'."
    )
    balance_after = money_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WalletTransactionQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="wallet_transaction_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0),
                name="wallet_transaction_balance_after_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=("wallet", "-created_at"), name="wallet_tx_wallet_created_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} on wallet {self.wallet_id}"


class PaymentType(models.TextChoices):
    ORDER = "order", "Order"
    TIP = "tip", "Tip"
    CLASS_INSTALLMENT = "class_installment", "Class installment"
    CLASS_DEPOSIT = "class_deposit", "Class deposit"
    WALLET_TOPUP = "wallet_topup", "Wallet top-up"
    REFUND = "refund", "Refund"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    REFUNDED = "refunded", "Refunded"
    CANCELLED = "cancelled", "Cancelled"


# Which status may follow which; everything else is refused with 409.
PAYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentStatus.PENDING: frozenset(
        {
            PaymentStatus.PROCESSING,
            PaymentStatus.COMPLETED,
            PaymentStatus.FAILED,
            PaymentStatus.CANCELLED,
        }
    ),
    PaymentStatus.PROCESSING: frozenset({PaymentStatus.COMPLETED, PaymentStatus.FAILED}),
    PaymentStatus.FAILED: frozenset({PaymentStatus.PROCESSING, PaymentStatus.CANCELLED}),
    PaymentStatus.COMPLETED: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.REFUNDED: frozenset(),
    PaymentStatus.CANCELLED: frozenset(),
}


# A payment in one of these states holds its order: the order cannot be paid again meanwhile.
LIVE_PAYMENT_STATUSES = (PaymentStatus.PENDING, PaymentStatus.PROCESSING, PaymentStatus.COMPLETED)


class PaymentMethod(models.TextChoices):
    WALLET = "wallet", "Wallet"
    MANUAL = "manual", "Manual (paid off-platform, confirmed by an admin)"


class OrderPaymentQuerySet(OwnedRowsQuerySet):
    owner_field = "client_id"


class OrderPayment(models.Model):
    """A payment a client makes on one website: for an order, a tip, a class, or a top-up.

    An order payment points at its order; tips and class installments point at their payment.
    `amount` is what was charged: `original_amount - discount_amount`.
    """

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="payments"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    payment_type = models.CharField(max_length=20, choices=PaymentType.choices)
    amount = money_field()
    original_amount = money_field(help_text="The price before any discount.")
    discount = models.ForeignKey(
        "Discount", on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    discount_amount = money_field(default=0, help_text="How much the discount took off.")
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    method = models.CharField(
        max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.WALLET
    )
    reference = models.CharField(
        max_length=64, unique=True, help_text="Unique transaction reference."
    )
    external_reference = models.CharField(
        max_length=120,
        blank=True,
        help_text="The off-platform receipt an admin confirmed a manual payment with.",
    )
    description = models.CharField(max_length=255, blank=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderPaymentQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(
                # Round() keeps the check exact on SQLite, which stores decimals as floats.
                condition=Q(discount_amount__gte=0)
                & Q(amount=Round(F("original_amount") - F("discount_amount"), 2)),
                name="payment_amount_is_original_minus_discount",
            ),
            models.CheckConstraint(
                condition=~Q(payment_type="order") | Q(order__isnull=False),
                name="payment_order_type_has_order",
            ),
            # An order is paid at most once: one open or completed order payment per order.
            models.UniqueConstraint(
                fields=("order",),
                condition=Q(payment_type="order")
                & Q(status__in=("pending", "processing", "completed")),
                name="payment_one_live_payment_per_order",
            ),
        ]
        indexes = [
            models.Index(fields=("website", "-created_at"), name="payment_site_created_idx"),
            models.Index(
                fields=("website", "status", "-created_at"), name="payment_site_status_idx"
            ),
            models.Index(
                fields=("website", "payment_type", "-created_at"), name="payment_site_type_idx"
            ),
            models.Index(fields=("client", "-created_at"), name="payment_client_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.payment_type} {self.amount} ({self.status})"


class DiscountType(models.TextChoices):
    FIXED = "fixed", "Fixed amount"
    PERCENT = "percent", "Percentage"


class DiscountOrigin(models.TextChoices):
    ADMIN = "admin", "Created by an admin"
    LOYALTY = "loyalty", "Loyalty redemption"


class DiscountQuerySet(WebsiteScopedQuerySet):
    pass


class Discount(models.Model):
    """A discount code of one website, applied when a client pays."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="discounts"
    )
    code = models.CharField(max_length=40, help_text="Stored upper-case; unique per website.")
    description = models.CharField(max_length=255, blank=True)
    discount_type = models.CharField(max_length=10, choices=DiscountType.choices)
    value = money_field()
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: unlimited.")
    per_user_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: unlimited."
    )
    used_count = models.PositiveIntegerField(default=0)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    min_order_value = money_field(null=True, blank=True)
    origin = models.CharField(
        max_length=10, choices=DiscountOrigin.choices, default=DiscountOrigin.ADMIN
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only this client may use the code (a loyalty reward); empty: anyone.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DiscountQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "code"), name="discount_code_unique_per_website"
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="discount_value_positive"),
            models.CheckConstraint(
                condition=~Q(discount_type="percent") | Q(value__lte=100),
                name="discount_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(used_count__lte=F("max_uses")),
                name="discount_used_within_max_uses",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DiscountUsageQuerySet(WebsiteScopedQuerySet):
    website_id_field = "discount__website_id"

    def own_rows_for(self, user):
        return self.filter(user_id=user.pk)


class DiscountUsage(models.Model):
    """One application of a discount code to a payment (append-only, so no `updated_at`)."""

    discount = models.ForeignKey(Discount, on_delete=models.PROTECT, related_name="usages")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discount_usages"
    )
    payment = models.OneToOneField(
        OrderPayment, on_delete=models.PROTECT, related_name="discount_usage"
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discount_usages",
    )
    applied_amount = money_field()
    used_at = models.DateTimeField(auto_now_add=True)

    objects = DiscountUsageQuerySet.as_manager()

    class Meta:
        ordering = ("-used_at", "-id")
        indexes = [models.Index(fields=("discount", "user"), name="discount_usage_disc_user_idx")]

    def __str__(self) -> str:
        return f"{self.discount_id} used by {self.user_id}"
