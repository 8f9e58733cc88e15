"""Writer levels and profiles, each website's tip settings, and tips with their split."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Round

from core.fields import money_field, percentage_field
from websites.querysets import WebsiteScopedQuerySet

DEFAULT_WRITER_PERCENTAGE = Decimal("30.00")
DEFAULT_MIN_TIP_AMOUNT = Decimal("1.00")
DEFAULT_MAX_TIP_AMOUNT = Decimal("5000.00")


class WriterLevelQuerySet(WebsiteScopedQuerySet):
    """Admins manage their website's levels; clients and writers see none."""


class WriterLevel(models.Model):
    """A rank a website gives its writers; it sets the writers' share of the tips they receive.

    Deactivating a level stops it being assigned; writers still on it keep its percentage.
    """

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="writer_levels"
    )
    name = models.CharField(max_length=100, help_text="Unique per website, ignoring case.")
    tip_percentage = percentage_field(
        help_text="The writer's share of a tip, 0.00 to 100.00 %; the platform keeps the rest."
    )
    display_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WriterLevelQuerySet.as_manager()

    class Meta:
        ordering = ("website_id", "display_order", "name", "id")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "website", name="writer_level_name_unique_per_website"
            ),
            models.CheckConstraint(
                condition=Q(tip_percentage__gte=0) & Q(tip_percentage__lte=100),
                name="writer_level_tip_percentage_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.tip_percentage} %)"


class WriterProfileQuerySet(WebsiteScopedQuerySet):
    """Admins see their website's writer profiles; clients and writers see none through it."""


class WriterProfile(models.Model):
    """The writer side of a user with the writer role: their level and pen name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="writer_profile"
    )
    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="writer_profiles"
    )
    level = models.ForeignKey(
        WriterLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        help_text="Empty: the writer gets the website's default tip percentage.",
    )
    pen_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WriterProfileQuerySet.as_manager()

    class Meta:
        ordering = ("website_id", "user_id")

    def __str__(self) -> str:
        return self.pen_name or f"Writer profile of user {self.user_id}"


class TipSettingsQuerySet(WebsiteScopedQuerySet):
    """Admins see their website's settings; clients and writers see none."""


class TipSettings(models.Model):
    """A website's tip rules; created with the defaults the first time they are needed."""

    website = models.OneToOneField(
        "websites.Website", on_delete=models.PROTECT, related_name="tip_settings"
    )
    default_writer_percentage = percentage_field(
        default=DEFAULT_WRITER_PERCENTAGE,
        help_text="The share of writers who have no level.",
    )
    min_tip_amount = money_field(default=DEFAULT_MIN_TIP_AMOUNT)
    max_tip_amount = money_field(default=DEFAULT_MAX_TIP_AMOUNT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TipSettingsQuerySet.as_manager()

    class Meta:
        ordering = ("website_id",)
        verbose_name_plural = "tip settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(default_writer_percentage__gte=0)
                & Q(default_writer_percentage__lte=100),
                name="tip_settings_default_percentage_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(min_tip_amount__gt=0) & Q(max_tip_amount__gte=F("min_tip_amount")),
                name="tip_settings_min_positive_and_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"Tip settings of website {self.website_id}"


class TipType(models.TextChoices):
    DIRECT = "direct", "Direct"
    ORDER = "order", "Order"
    CLASS = "class", "Class"


class TipPaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    REFUNDED = "refunded", "Refunded"


class TipPaymentMethod(models.TextChoices):
    WALLET = "wallet", "Wallet"
    MANUAL = "manual", "Manual (paid off-platform, confirmed by an admin)"


# Writers see the tips whose money reached them (and, after a refund, left again).
TIP_STATUSES_SEEN_BY_WRITERS: tuple[str, ...] = (
    TipPaymentStatus.COMPLETED,
    TipPaymentStatus.REFUNDED,
)


class TipQuerySet(WebsiteScopedQuerySet):
    def own_rows_for(self, user):
        """Clients see the tips they sent; writers the tips they received."""
        if user.is_client:
            return self.filter(client_id=user.pk)
        if user.is_writer:
            return self.filter(writer_id=user.pk, payment_status__in=TIP_STATUSES_SEEN_BY_WRITERS)
        return self.none()


class Tip(models.Model):
    """Money a client gives a writer, split between the writer and the platform.

    The level, its name and the percentage are copied at tip time, so later level changes
    never rewrite history. `payment_status` follows the tip's `OrderPayment` (type `tip`).
    """

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="tips", db_index=False
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tips_sent", db_index=False
    )
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tips_received",
        db_index=False,
    )
    tip_type = models.CharField(max_length=10, choices=TipType.choices)
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="tips"
    )
    class_bundle = models.ForeignKey(
        "class_management.ClassBundle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
    )
    tip_amount = money_field()
    tip_reason = models.CharField(max_length=500)
    writer_level = models.ForeignKey(
        WriterLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
        help_text="The writer's level at tip time; empty when they had none.",
    )
    writer_level_name = models.CharField(
        max_length=100, blank=True, help_text="The level's name at tip time."
    )
    writer_percentage = percentage_field(help_text="The writer's share at tip time.")
    writer_earning = money_field(help_text="The writer's share, rounded half up to cents.")
    platform_profit = money_field(help_text="The platform's share: the tip less the writer's.")
    payment = models.OneToOneField(
        "order_payments_management.OrderPayment", on_delete=models.PROTECT, related_name="tip"
    )
    payment_method = models.CharField(
        max_length=10, choices=TipPaymentMethod.choices, default=TipPaymentMethod.WALLET
    )
    payment_status = models.CharField(
        max_length=12, choices=TipPaymentStatus.choices, default=TipPaymentStatus.PENDING
    )
    failure_reason = models.CharField(max_length=255, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ("-sent_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(tip_amount__gt=0), name="tip_amount_positive"),
            models.CheckConstraint(
                condition=Q(writer_percentage__gte=0) & Q(writer_percentage__lte=100),
                name="tip_writer_percentage_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(writer_earning__gte=0) & Q(platform_profit__gte=0),
                name="tip_shares_not_negative",
            ),
            models.CheckConstraint(
                # Round() keeps the check exact on SQLite, which stores decimals as floats.
                condition=Q(tip_amount=Round(F("writer_earning") + F("platform_profit"), 2)),
                name="tip_shares_add_up_to_amount",
            ),
            models.CheckConstraint(
                condition=~Q(client=F("writer")), name="tip_client_is_not_writer"
            ),
            models.CheckConstraint(
                condition=(
                    Q(tip_type=TipType.DIRECT, order__isnull=True, class_bundle__isnull=True)
                    | Q(tip_type=TipType.ORDER, order__isnull=False, class_bundle__isnull=True)
                    | Q(tip_type=TipType.CLASS, order__isnull=True, class_bundle__isnull=False)
                ),
                name="tip_type_matches_reference",
            ),
            models.CheckConstraint(
                condition=Q(payment_status__in=TipPaymentStatus.values),
                name="tip_payment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(payment_method__in=TipPaymentMethod.values),
                name="tip_payment_method_valid",
            ),
        ]
        indexes = [
            # The admin lists and dashboards filter by website and period, then status or type.
            models.Index(fields=("website", "-sent_at"), name="tip_site_sent_idx"),
            models.Index(
                fields=("website", "payment_status", "-sent_at"), name="tip_site_status_sent_idx"
            ),
            models.Index(fields=("website", "tip_type", "-sent_at"), name="tip_site_type_sent_idx"),
            models.Index(fields=("writer", "-sent_at"), name="tip_writer_sent_idx"),
            models.Index(fields=("client", "-sent_at"), name="tip_client_sent_idx"),
            # Superadmins' cross-website reports by period.
            models.Index(fields=("-sent_at",), name="tip_sent_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"Tip {self.pk}: {self.tip_amount} to writer {self.writer_id} ({self.payment_status})"
        )
