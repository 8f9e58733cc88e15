"""Fine types (global or per website), fines on orders and the writers' appeals."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.fields import money_field, percentage_field
from websites.querysets import WebsiteScopedQuerySet


class FineCalculation(models.TextChoices):
    FIXED = "fixed", "Fixed amount"
    PERCENTAGE = "percentage", "Percentage of the order"


class FineBaseAmount(models.TextChoices):
    """What a percentage fine is a percentage of."""

    WRITER_COMPENSATION = "writer_compensation", "Writer compensation"
    TOTAL_PRICE = "total_price", "Order total price"


class FineTypeOrigin(models.TextChoices):
    SYSTEM = "system", "System-defined"
    ADMIN = "admin", "Created by an admin"


class FineStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    APPEALED = "appealed", "Appealed"
    UPHELD = "upheld", "Upheld"
    WAIVED = "waived", "Waived"
    VOIDED = "voided", "Voided"


# Which status may follow which; everything else is refused (409).
FINE_TRANSITIONS: dict[str, frozenset[str]] = {
    FineStatus.ISSUED: frozenset({FineStatus.APPEALED, FineStatus.WAIVED, FineStatus.VOIDED}),
    FineStatus.APPEALED: frozenset({FineStatus.UPHELD, FineStatus.WAIVED}),
    FineStatus.UPHELD: frozenset(),
    FineStatus.WAIVED: frozenset(),
    FineStatus.VOIDED: frozenset(),
}

# Fines in these statuses reduce what the order pays its writer.
ACTIVE_FINE_STATUSES: tuple[str, ...] = (
    FineStatus.ISSUED,
    FineStatus.APPEALED,
    FineStatus.UPHELD,
)


class AppealDecision(models.TextChoices):
    PENDING = "pending", "Pending"
    UPHELD = "upheld", "Upheld"
    WAIVED = "waived", "Waived"


class FineTypeConfigQuerySet(WebsiteScopedQuerySet):
    """Superadmins see every type; admins their website's types and the global ones."""

    def for_website(self, website_id: int):
        """Types that apply to one website: its own and the global ones."""
        return self.filter(Q(website_id=website_id) | Q(website__isnull=True))

    def active(self):
        return self.filter(is_active=True)


class FineTypeConfig(models.Model):
    """How a kind of fine is computed; a website's type overrides a global one with its code."""

    website = models.ForeignKey(
        "websites.Website",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fine_types",
        help_text="Empty for a global type that applies to every website.",
    )
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, default="")
    calculation = models.CharField(
        max_length=12, choices=FineCalculation.choices, default=FineCalculation.FIXED
    )
    amount = money_field(null=True, blank=True, help_text="The fine of a fixed type.")
    percentage = percentage_field(
        null=True,
        blank=True,
        help_text="The percentage of `base_amount` a percentage type charges.",
    )
    base_amount = models.CharField(
        max_length=24,
        choices=FineBaseAmount.choices,
        default=FineBaseAmount.WRITER_COMPENSATION,
        db_default=FineBaseAmount.WRITER_COMPENSATION,
        help_text="The order amount a percentage fine is computed from.",
    )
    min_amount = money_field(null=True, blank=True)
    max_amount = money_field(null=True, blank=True)
    origin = models.CharField(
        max_length=10,
        choices=FineTypeOrigin.choices,
        default=FineTypeOrigin.ADMIN,
        db_default=FineTypeOrigin.ADMIN,
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FineTypeConfigQuerySet.as_manager()

    class Meta:
        ordering = ("code", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "code"),
                condition=Q(website__isnull=False),
                name="fine_type_code_unique_per_website",
            ),
            models.UniqueConstraint(
                fields=("code",),
                condition=Q(website__isnull=True),
                name="fine_type_code_unique_among_globals",
            ),
            models.CheckConstraint(
                condition=Q(min_amount__isnull=True)
                | Q(max_amount__isnull=True)
                | Q(min_amount__lte=models.F("max_amount")),
                name="fine_type_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True)
                | (Q(percentage__gt=0) & Q(percentage__lte=100)),
                name="fine_type_percentage_in_range",
            ),
        ]

    def __str__(self) -> str:
        scope = self.website_id or "global"
        return f"{self.code} ({scope})"


class FineQuerySet(WebsiteScopedQuerySet):
    def own_rows_for(self, user):
        if user.is_writer:
            return self.filter(writer_id=user.pk)
        return self.none()

    def active(self):
        return self.filter(status__in=ACTIVE_FINE_STATUSES)


class Fine(models.Model):
    """A fine on an order's writer: while active it reduces the order's writer compensation."""

    website = models.ForeignKey("websites.Website", on_delete=models.PROTECT, related_name="fines")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="fines")
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fines"
    )
    fine_type = models.ForeignKey(FineTypeConfig, on_delete=models.PROTECT, related_name="fines")
    amount = money_field()
    reason = models.TextField()
    status = models.CharField(max_length=12, choices=FineStatus.choices, default=FineStatus.ISSUED)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fines_issued"
    )
    issued_at = models.DateTimeField()
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fines_appealed",
    )
    appealed_at = models.DateTimeField(null=True, blank=True)
    upheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fines_upheld",
    )
    upheld_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fines_waived",
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fines_voided",
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FineQuerySet.as_manager()

    class Meta:
        ordering = ("-issued_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="fine_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=("website", "status"), name="fine_website_status_idx"),
            models.Index(fields=("writer", "-issued_at"), name="fine_writer_issued_idx"),
            models.Index(fields=("order", "status"), name="fine_order_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Fine {self.pk} on order {self.order_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_FINE_STATUSES


class FineAppealQuerySet(WebsiteScopedQuerySet):
    website_id_field = "fine__website_id"

    def own_rows_for(self, user):
        if user.is_writer:
            return self.filter(fine__writer_id=user.pk)
        return self.none()


class FineAppeal(models.Model):
    """A writer's one appeal against a fine, and the admin's decision on it."""

    fine = models.OneToOneField(Fine, on_delete=models.CASCADE, related_name="appeal")
    reason = models.TextField()
    decision = models.CharField(
        max_length=10, choices=AppealDecision.choices, default=AppealDecision.PENDING
    )
    decision_note = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fine_appeals_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FineAppealQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Appeal on fine {self.fine_id} ({self.decision})"
