"""Badges, the milestones that award them, and the badges clients earned."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from loyalty_management.models.common import OwnedByClientQuerySet
from websites.querysets import WebsiteScopedQuerySet


class Badge(models.Model):
    """A distinction a client earns by reaching a milestone."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="loyalty_badges"
    )
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=255, blank=True)
    icon = models.CharField(max_length=100, blank=True, help_text="An icon name or an emoji.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("website_id", "name")
        constraints = [
            models.UniqueConstraint(fields=("website", "name"), name="loyalty_badge_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class MilestoneKind(models.TextChoices):
    LIFETIME_POINTS = "lifetime_points", "Lifetime points"
    ORDERS_PAID = "orders_paid", "Orders paid"
    AMOUNT_SPENT = "amount_spent", "Amount spent"


class Milestone(models.Model):
    """A goal (lifetime points, orders paid, amount spent) that awards a badge and bonus points."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="loyalty_milestones"
    )
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=20, choices=MilestoneKind.choices)
    threshold = models.DecimalField(
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        help_text="Points or orders (whole numbers), or an amount of money.",
    )
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="milestones")
    bonus_points = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("website_id", "kind", "threshold")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "name"), name="loyalty_milestone_name_unique"
            ),
            models.UniqueConstraint(fields=("badge",), name="loyalty_milestone_one_per_badge"),
            models.CheckConstraint(
                condition=Q(threshold__gt=0), name="loyalty_milestone_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClientBadge(models.Model):
    """A badge a client earned.

    A milestone's badge is revoked (the row deleted) when a refund takes the client back below
    the milestone; the ledger keeps the reversal of its bonus, and reaching the milestone again
    awards both again.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="loyalty_badges"
    )
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards")
    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="loyalty_client_badges"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    awarded_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedByClientQuerySet.as_manager()

    class Meta:
        ordering = ("-awarded_at", "-id")
        unique_together = (("client", "badge", "website"),)

    def __str__(self) -> str:
        return f"{self.badge_id} of user {self.client_id}"
