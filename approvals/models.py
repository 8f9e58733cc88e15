"""Four-eyes: a large manual adjustment waits for a second admin.

Per website, `ApprovalSettings` says from which amount (money) or number of points a manual
wallet credit or debit, points award or deduction, or refund does not run at once: it becomes a
`PendingAdjustment` that another admin of the website (or a superadmin) approves or rejects.
Approving runs the original service exactly once; a request left undecided expires.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.fields import money_field
from websites.querysets import WebsiteScopedQuerySet


class ApprovalSettings(models.Model):
    website = models.OneToOneField(
        "websites.Website", on_delete=models.CASCADE, related_name="approval_settings"
    )
    money_threshold = money_field(
        null=True,
        blank=True,
        help_text="Money adjustments and refunds above this wait for a second admin (empty: never).",
    )
    points_threshold = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="Points awards and deductions above this wait for a second admin (empty: never).",
    )
    expiry_hours = models.PositiveIntegerField(
        default=72, help_text="Hours an undecided adjustment waits before it expires."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "approval settings"

    def __str__(self) -> str:
        return f"Approval settings of website {self.website_id}"


class AdjustmentKind(models.TextChoices):
    WALLET_CREDIT = "wallet_credit", "Wallet credit"
    WALLET_DEBIT = "wallet_debit", "Wallet debit"
    POINTS_AWARD = "points_award", "Points award"
    POINTS_DEDUCT = "points_deduct", "Points deduction"
    PAYMENT_REFUND = "payment_refund", "Order payment refund"
    TIP_REFUND = "tip_refund", "Tip refund"


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved (executed)"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"


class PendingAdjustment(models.Model):
    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="pending_adjustments"
    )
    kind = models.CharField(max_length=20, choices=AdjustmentKind.choices)
    target_type = models.CharField(max_length=60, help_text="`<app>.<model>` of the target.")
    target_id = models.BigIntegerField(help_text="The wallet, client, payment or tip.")
    amount = money_field(null=True, blank=True)
    points = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=255)
    status = models.CharField(
        max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=255, blank=True)
    result = models.JSONField(
        default=dict, blank=True, help_text="What the approval made (e.g. the ledger row's id)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("-id",)
        indexes = [
            models.Index(
                fields=["website", "requested_at"],
                condition=Q(status="pending"),
                name="adjustment_pending_idx",
            ),
            models.Index(fields=["website", "-id"], name="adjustment_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | Q(points__isnull=False),
                name="adjustment_has_amount_or_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
