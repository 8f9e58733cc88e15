"""Class bundles (a class a client pays for over time), their deposit and installments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.fields import money_field
from websites.querysets import WebsiteScopedQuerySet


class ClassBundleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# Which status may follow which; everything else is refused (409). `completed` is reached only
# by the payment that leaves nothing to pay.
CLASS_BUNDLE_TRANSITIONS: dict[str, frozenset[str]] = {
    ClassBundleStatus.DRAFT: frozenset({ClassBundleStatus.ACTIVE, ClassBundleStatus.CANCELLED}),
    ClassBundleStatus.ACTIVE: frozenset({ClassBundleStatus.COMPLETED, ClassBundleStatus.CANCELLED}),
    ClassBundleStatus.COMPLETED: frozenset(),
    ClassBundleStatus.CANCELLED: frozenset(),
}


class ClassBundleQuerySet(WebsiteScopedQuerySet):
    def own_rows_for(self, user):
        if user.is_client:
            return self.filter(client_id=user.pk)
        if user.is_writer:
            return self.filter(assigned_writer_id=user.pk)
        return self.none()


class ClassBundle(models.Model):
    """A class a client takes on one website, paid as an optional deposit plus installments."""

    # The audit log shows a rewritten schedule as the bundle's change (core.audit).
    audit_children = {"installments": ("installment_number", "amount", "due_date")}

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="class_bundles"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="class_bundles"
    )
    assigned_writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_class_bundles",
    )
    title = models.CharField(max_length=255)
    course = models.CharField(max_length=255, blank=True, default="")
    total_price = money_field()
    deposit_required = money_field(
        default=0, help_text="Paid before any installment; 0 when no deposit is required."
    )
    deposit_payment = models.ForeignKey(
        "order_payments_management.OrderPayment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=12, choices=ClassBundleStatus.choices, default=ClassBundleStatus.DRAFT
    )
    installments_enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClassBundleQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_price__gt=0), name="class_bundle_total_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(deposit_required__gte=0) & Q(deposit_required__lte=F("total_price")),
                name="class_bundle_deposit_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=("website", "status"), name="class_bundle_site_status_idx"),
            models.Index(fields=("client", "-created_at"), name="class_bundle_client_idx"),
            models.Index(fields=("assigned_writer", "-created_at"), name="class_bundle_writer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def deposit_is_paid(self) -> bool:
        return self.deposit_payment_id is not None

    @property
    def installment_balance(self):
        """What the installments must add up to: the total less the deposit."""
        return self.total_price - self.deposit_required


class ClassInstallmentQuerySet(WebsiteScopedQuerySet):
    website_id_field = "bundle__website_id"

    def own_rows_for(self, user):
        if user.is_client:
            return self.filter(bundle__client_id=user.pk)
        if user.is_writer:
            return self.filter(bundle__assigned_writer_id=user.pk)
        return self.none()


class ClassInstallment(models.Model):
    """One scheduled part of a bundle's balance, paid from the client's wallet."""

    bundle = models.ForeignKey(ClassBundle, on_delete=models.CASCADE, related_name="installments")
    installment_number = models.PositiveIntegerField()
    amount = money_field()
    due_date = models.DateField()
    is_paid = models.BooleanField(default=False, db_default=False)
    is_overdue = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Unpaid past its due date (set by the hourly overdue task).",
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="class_installments_paid",
    )
    payment_record = models.ForeignKey(
        "order_payments_management.OrderPayment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClassInstallmentQuerySet.as_manager()

    class Meta:
        ordering = ("bundle_id", "installment_number")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="class_installment_amount_positive"
            ),
            models.UniqueConstraint(
                fields=("bundle", "installment_number"),
                name="class_installment_number_unique_per_bundle",
            ),
            models.CheckConstraint(
                condition=Q(is_paid=False) | Q(paid_at__isnull=False),
                name="class_installment_paid_has_paid_at",
            ),
        ]
        indexes = [
            models.Index(fields=("is_paid", "due_date"), name="class_installment_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Installment {self.installment_number} of bundle {self.bundle_id}"
