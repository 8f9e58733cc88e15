"""The redemption catalog (categories, items) and the clients' redemption requests."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.fields import money_field, percentage_field
from loyalty_management.models.common import ActiveForClientsQuerySet, OwnedByClientQuerySet
from loyalty_management.models.points import LoyaltyAccount


class RedemptionCategory(models.Model):
    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="redemption_categories"
    )
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActiveForClientsQuerySet.as_manager()

    class Meta:
        ordering = ("sort_order", "name", "id")
        verbose_name_plural = "redemption categories"
        constraints = [
            models.UniqueConstraint(
                fields=("website", "name"), name="redemption_category_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RedemptionType(models.TextChoices):
    DISCOUNT = "discount", "Discount code"
    CASH = "cash", "Wallet credit"
    VOUCHER = "voucher", "Voucher"
    PRODUCT = "product", "Product"
    SERVICE = "service", "Service"


# Fulfilled at once when requested; the others wait for an admin.
INSTANT_REDEMPTION_TYPES = frozenset(
    {RedemptionType.DISCOUNT, RedemptionType.CASH, RedemptionType.VOUCHER}
)


class RedemptionItemQuerySet(ActiveForClientsQuerySet):
    active_filter = {"is_active": True, "category__is_active": True}


class RedemptionItem(models.Model):
    """Something clients can redeem their points for."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="redemption_items"
    )
    category = models.ForeignKey(RedemptionCategory, on_delete=models.PROTECT, related_name="items")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    points_required = models.PositiveIntegerField()
    redemption_type = models.CharField(max_length=10, choices=RedemptionType.choices)
    discount_amount = money_field(
        null=True, blank=True, help_text="Discount items: a fixed amount."
    )
    discount_percentage = percentage_field(
        null=True,
        blank=True,
        help_text="Discount items: a percentage (instead of an amount).",
    )
    cash_amount = money_field(
        null=True, blank=True, help_text="Cash items: credited to the wallet."
    )
    stock_quantity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Units left; empty: unlimited."
    )
    total_redemptions = models.PositiveIntegerField(default=0, db_default=0)
    max_per_client = models.PositiveIntegerField(
        null=True, blank=True, help_text="Requests per client (pending, approved, fulfilled)."
    )
    min_tier_level = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="The lowest tier level (rank) allowed; 0: everyone."
    )
    image_url = models.URLField(max_length=500, blank=True, default="", db_default="")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RedemptionItemQuerySet.as_manager()

    class Meta:
        ordering = ("points_required", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(points_required__gt=0), name="redemption_item_points_positive"
            ),
            models.CheckConstraint(
                condition=~Q(redemption_type="discount")
                | Q(discount_amount__isnull=False, discount_percentage__isnull=True)
                | Q(discount_amount__isnull=True, discount_percentage__isnull=False),
                name="redemption_item_discount_has_one_value",
            ),
            models.CheckConstraint(
                condition=~Q(redemption_type="cash") | Q(cash_amount__isnull=False),
                name="redemption_item_cash_has_amount",
            ),
            models.CheckConstraint(
                condition=(Q(discount_amount__isnull=True) | Q(discount_amount__gt=0))
                & (Q(cash_amount__isnull=True) | Q(cash_amount__gt=0))
                & (
                    Q(discount_percentage__isnull=True)
                    | Q(discount_percentage__gt=0, discount_percentage__lte=100)
                ),
                name="redemption_item_values_in_range",
            ),
            models.CheckConstraint(
                condition=Q(max_per_client__isnull=True) | Q(max_per_client__gte=1),
                name="redemption_item_max_per_client_positive",
            ),
        ]
        indexes = [
            models.Index(fields=("website", "is_active"), name="redemption_item_active_idx"),
        ]

    def __str__(self) -> str:
        return self.name


# Keys of `fulfillment_details` that the admin side writes (approval, fulfilment, the reward's
# delivery); a client's request may not set them, so what the client sees under them is real.
ADMIN_DETAIL_KEYS = frozenset(
    {
        "approval_note",
        "credited_amount",
        "discount_id",
        "discount_type",
        "discount_value",
        "tracking_number",
        "valid_until",
        "wallet_transaction_id",
    }
)


class RedemptionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    FULFILLED = "fulfilled", "Fulfilled"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


# Requests in these states count against an item's per-client limit.
REDEMPTION_LIVE_STATUSES = (
    RedemptionStatus.PENDING,
    RedemptionStatus.APPROVED,
    RedemptionStatus.FULFILLED,
)


class RedemptionRequest(models.Model):
    """A client's request to spend points on an item: pending → approved → fulfilled."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="redemption_requests"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="redemption_requests"
    )
    account = models.ForeignKey(
        LoyaltyAccount, on_delete=models.PROTECT, related_name="redemption_requests"
    )
    item = models.ForeignKey(RedemptionItem, on_delete=models.PROTECT, related_name="requests")
    points_used = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=RedemptionStatus.choices, default=RedemptionStatus.PENDING
    )
    fulfillment_code = models.CharField(
        max_length=40, blank=True, help_text="The discount or voucher code a client uses."
    )
    fulfillment_details = models.JSONField(default=dict, blank=True)
    discount = models.ForeignKey(
        "order_payments_management.Discount",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redemption_requests",
    )
    rejection_reason = models.CharField(max_length=255, blank=True)
    cancellation_reason = models.CharField(max_length=255, blank=True)
    review_reasons = models.JSONField(
        null=True,
        blank=True,
        help_text="Why no auto-approval policy approved it (machine codes); null when none ran.",
    )
    # The policy's id, not a foreign key: the request keeps saying which policy approved it
    # after the policy is deleted (and the column needs no index on this large table).
    approved_by_policy_id = models.BigIntegerField(
        null=True, blank=True, help_text="The auto-approval policy that approved it, if one did."
    )
    sla_breached_at = models.DateTimeField(
        null=True, blank=True, help_text="When it passed its review SLA undecided (told once)."
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedByClientQuerySet.as_manager()

    class Meta:
        ordering = ("-requested_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(points_used__gt=0), name="redemption_request_points_positive"
            ),
            models.UniqueConstraint(
                fields=("fulfillment_code",),
                condition=~Q(fulfillment_code=""),
                name="redemption_request_code_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected")
                | (Q(rejected_at__isnull=False) & ~Q(rejection_reason="")),
                name="redemption_request_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=("approved", "fulfilled")) | Q(approved_at__isnull=False),
                name="redemption_request_approval_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | Q(fulfilled_at__isnull=False),
                name="redemption_request_fulfilment_recorded",
            ),
        ]
        indexes = [
            models.Index(
                fields=("website", "status", "-requested_at"), name="redemption_site_status_idx"
            ),
            models.Index(fields=("client", "item", "status"), name="redemption_client_item_idx"),
        ]

    def __str__(self) -> str:
        return f"Redemption {self.pk} of item {self.item_id} ({self.status})"
