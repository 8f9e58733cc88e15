"""Auto-approval policies: a redemption request every rule of one policy allows is approved at once."""

from django.db import models

from core.fields import percentage_field
from websites.querysets import WebsiteScopedQuerySet


class RedemptionPolicy(models.Model):
    """Rules, each optional (empty: not checked); a request passing all of them is approved."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="redemption_policies"
    )
    name = models.CharField(max_length=80)
    is_active = models.BooleanField(default=True)
    item_types = models.JSONField(
        default=list, blank=True, help_text="Redemption types it approves (empty: every type)."
    )
    max_points = models.PositiveIntegerField(
        null=True, blank=True, help_text="Approves requests of at most this many points."
    )
    min_tier_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The client's tier must be at least this rank."
    )
    min_account_age_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="The client's account must be at least this old."
    )
    max_recent_requests = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="At most this many earlier requests in the last `recent_days` days.",
    )
    recent_days = models.PositiveSmallIntegerField(default=30)
    max_refund_rate = percentage_field(
        null=True,
        blank=True,
        help_text="At most this share (%) of the client's completed payments was refunded.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("id",)
        verbose_name_plural = "redemption policies"

    def __str__(self) -> str:
        return f"{self.name} (website {self.website_id})"
