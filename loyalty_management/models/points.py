"""Points: a website's settings, its tiers, each client's account and the points ledger.

Points are integers, stored in 64-bit columns wherever they accumulate. An account's
`points_balance` is the sum of its ledger's `points`, its `points_held` the sum of the ledger's
`points_held_change` and its `points_debt` the sum of the ledger's `debt_change`; all three are
enforced never to go negative, and held never above the balance, by database constraints on the
account and on each ledger row's `balance_after` / `held_after` / `debt_after`.

A debt is what a refund (or a reversed milestone bonus) could not take back at once because the
points were already spent or held. The next points that become available pay it first
(`recovery` rows), so an account in debt never has points available to spend.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from loyalty_management.models.common import OwnedByClientQuerySet
from websites.querysets import WebsiteScopedQuerySet


class LoyaltySettings(models.Model):
    """A website's loyalty program settings; created with the defaults on first use."""

    website = models.OneToOneField(
        "websites.Website", on_delete=models.CASCADE, related_name="loyalty_settings"
    )
    points_per_currency_unit = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=1,
        help_text="Points earned per 1.00 paid, before the tier multiplier (rounded down).",
    )
    points_expiry_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Earned points expire this many months later; empty: never.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive: no points are earned and nothing can be redeemed."
    )
    review_sla_hours = models.PositiveIntegerField(
        default=24,
        db_default=24,
        help_text="Hours within which a redemption request waiting for review is decided.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("website_id",)
        verbose_name_plural = "loyalty settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(points_per_currency_unit__gte=0),
                name="loyalty_settings_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(points_expiry_months__isnull=True) | Q(points_expiry_months__gte=1),
                name="loyalty_settings_expiry_at_least_one_month",
            ),
        ]

    def __str__(self) -> str:
        return f"Loyalty settings of website {self.website_id}"


class LoyaltyTier(models.Model):
    """A level clients reach by lifetime points; its multiplier applies to points they earn."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="loyalty_tiers"
    )
    name = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(
        help_text="The tier's level: 1 is the lowest; items may require a minimum level."
    )
    min_lifetime_points = models.PositiveBigIntegerField()
    multiplier = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    perks = models.JSONField(default=list, blank=True, help_text="A list of short texts.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("website_id", "rank")
        constraints = [
            models.UniqueConstraint(fields=("website", "rank"), name="loyalty_tier_rank_unique"),
            models.UniqueConstraint(fields=("website", "name"), name="loyalty_tier_name_unique"),
            models.UniqueConstraint(
                fields=("website", "min_lifetime_points"), name="loyalty_tier_threshold_unique"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="loyalty_tier_rank_positive"),
            models.CheckConstraint(
                condition=Q(multiplier__gt=0), name="loyalty_tier_multiplier_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (level {self.rank})"


class LoyaltyAccount(models.Model):
    """A client's points on one website."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="loyalty_accounts"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="loyalty_accounts"
    )
    points_balance = models.BigIntegerField(default=0)
    points_held = models.BigIntegerField(
        default=0, help_text="Reserved by pending redemption requests; part of the balance."
    )
    lifetime_points = models.BigIntegerField(
        default=0, help_text="Points ever earned or awarded; the tier follows it."
    )
    points_debt = models.BigIntegerField(
        default=0,
        db_default=0,
        help_text=(
            "Points a refund could not take back at once (already spent or held); the next "
            "points that become available pay it first."
        ),
    )
    tier = models.ForeignKey(
        LoyaltyTier, on_delete=models.SET_NULL, null=True, blank=True, related_name="accounts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedByClientQuerySet.as_manager()

    class Meta:
        ordering = ("id",)
        constraints = [
            models.UniqueConstraint(
                fields=("client", "website"), name="loyalty_account_one_per_client_website"
            ),
            models.CheckConstraint(
                condition=Q(points_balance__gte=0), name="loyalty_account_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(points_held__gte=0) & Q(points_held__lte=F("points_balance")),
                name="loyalty_account_held_within_balance",
            ),
            models.CheckConstraint(
                condition=Q(lifetime_points__gte=0), name="loyalty_account_lifetime_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(points_debt__gte=0), name="loyalty_account_debt_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Loyalty account of user {self.client_id} on website {self.website_id}"

    @property
    def points_available(self) -> int:
        return self.points_balance - self.points_held


class LoyaltyTransactionKind(models.TextChoices):
    EARN = "earn", "Earned by a payment"
    REDEEM = "redeem", "Spent on a redemption"
    HOLD = "hold", "Held for a redemption request"
    RELEASE = "release", "Hold released"
    REFUND = "refund", "Refund"
    ADJUST = "adjust", "Adjusted by an admin"
    EXPIRE = "expire", "Expired"
    BONUS = "bonus", "Milestone bonus"
    REVERSAL = "reversal", "Milestone bonus reversed"
    RECOVERY = "recovery", "Paid towards a debt"


class LoyaltyTransactionQuerySet(OwnedByClientQuerySet):
    owner_field = "account__client_id"


class LoyaltyTransaction(models.Model):
    """One append-only row of an account's points ledger (rows are never updated).

    `points` changes the balance and `points_held_change` the held points: a hold or a release
    moves only held points, a redemption spends both.
    """

    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, related_name="loyalty_transactions"
    )
    account = models.ForeignKey(
        LoyaltyAccount, on_delete=models.PROTECT, related_name="transactions"
    )
    kind = models.CharField(max_length=10, choices=LoyaltyTransactionKind.choices)
    points = models.BigIntegerField(default=0, help_text="Signed change to the balance.")
    points_held_change = models.BigIntegerField(
        default=0, help_text="Signed change to held points."
    )
    balance_after = models.BigIntegerField()
    held_after = models.BigIntegerField(default=0)
    shortfall = models.PositiveBigIntegerField(
        default=0,
        help_text="Points a refund could not take back at once; they became a debt.",
    )
    debt_change = models.BigIntegerField(
        default=0, db_default=0, help_text="Signed change to the points owed."
    )
    debt_after = models.BigIntegerField(default=0, db_default=0)
    reason = models.CharField(max_length=255)
    payment = models.ForeignKey(
        "order_payments_management.OrderPayment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loyalty_transactions",
    )
    milestone = models.ForeignKey(
        "Milestone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transactions",
    )
    redemption = models.ForeignKey(
        "RedemptionRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transactions",
        # Looked up through the (kind, redemption) unique constraint's index; no second index.
        db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LoyaltyTransactionQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance_after__gte=0)
                & Q(held_after__gte=0)
                & Q(held_after__lte=F("balance_after")),
                name="loyalty_tx_after_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(debt_after__gte=0), name="loyalty_tx_debt_after_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="recovery")
                | Q(points__lt=0, points_held_change=0, debt_change=F("points")),
                name="loyalty_tx_recovery_pays_debt",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reversal")
                | Q(points__lte=0, points_held_change=0, milestone__isnull=False),
                name="loyalty_tx_reversal_takes_bonus_back",
            ),
            models.CheckConstraint(
                condition=~Q(points=0, points_held_change=0, shortfall=0),
                name="loyalty_tx_changes_something",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=("earn", "bonus")) | Q(points__gt=0, points_held_change=0),
                name="loyalty_tx_earn_bonus_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind="expire") | Q(points__lt=0, points_held_change=0),
                name="loyalty_tx_expire_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="hold") | Q(points=0, points_held_change__gt=0),
                name="loyalty_tx_hold_moves_held_up",
            ),
            models.CheckConstraint(
                condition=~Q(kind="release") | Q(points=0, points_held_change__lt=0),
                name="loyalty_tx_release_moves_held_down",
            ),
            models.CheckConstraint(
                condition=~Q(kind="redeem") | Q(points__lt=0, points_held_change=F("points")),
                name="loyalty_tx_redeem_spends_held",
            ),
            models.UniqueConstraint(
                fields=("kind", "payment"),
                condition=Q(payment__isnull=False),
                name="loyalty_tx_once_per_payment_kind",
            ),
            models.UniqueConstraint(
                fields=("kind", "redemption"),
                condition=Q(redemption__isnull=False),
                name="loyalty_tx_once_per_redemption_kind",
            ),
        ]
        indexes = [
            models.Index(fields=("account", "-created_at"), name="loyalty_tx_account_idx"),
            models.Index(fields=("website", "kind", "created_at"), name="loyalty_tx_site_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.points:+d} on account {self.account_id}"
