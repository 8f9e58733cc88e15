"""Tip statistics: rollups of the tip rows that keep the admin reports flat as tips grow.

Every rollup row is derived from tip rows and is replaced wholesale by
`tip_stats.services`; nothing else writes these tables. Days and months are calendar buckets of
the website's own time zone (`Website.time_zone`, else `settings.REPORTING_TIME_ZONE`); the zone
is recorded per website in `TipStatsState`. A website's change of zone rebuilds its rows in the
same transaction; a change of `REPORTING_TIME_ZONE` needs `manage.py rebuild_tip_stats` (or the
nightly reconcile, which rebuilds every website built in another zone than its own).

Grains:
- `TipDailyStat`: per website, local day, tip type, payment status and level name at tip time.
- `TipMonthlyStat`: the same per local month (a range of whole months reads a row per month).
- `TipTotalStat`: the same for all time (the dashboard's every-tip summary reads a few rows).
- `TipDayTotalStat`: per website and local day, all tips (the daily and weekly trends).
- `TipWriterMonthlyStat` / `TipClientMonthlyStat`: per writer and per client and month, for the
  top lists.
- `TipAmountDailyStat` / `TipAmountMonthlyStat`: per website, local day (month), level name and
  tip amount, how many completed tips of that amount there were: what the what-if simulator
  re-splits at another percentage, exact to the cent, without reading a tip.
- `TipWriterSinceStat` / `TipClientSinceStat`: per writer and per client, what they received or
  sent in every month from a given month on, for the months the analytics window can start in;
  the top lists rank people by it through an index (an upper bound of a window's sum).

Each holds the count and the sums of the amounts, the writer shares, the platform shares and the
writer percentages (so a plain mean of the percentages is exact: the sum over the count). A
writer level's name is stored as "" when the tip's writer had no level. Rollup rows carry no
timestamps of their own: they are recomputed, never edited; `TipStatsState.refreshed_at` says
when a website's rows last changed.

The tables kept the names they had when these models lived in `writer_management`
(`db_table`), so moving the models renamed no table.
"""

from django.conf import settings
from django.db import models

from core.fields import money_field
from websites.querysets import WebsiteScopedQuerySet

# Sums of many cent amounts need more digits than one amount.
SUM_MAX_DIGITS = 20
SUM_DECIMAL_PLACES = 2


def _sum(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=SUM_MAX_DIGITS, decimal_places=SUM_DECIMAL_PLACES, default=0, **kwargs
    )


class TipStatsQuerySet(WebsiteScopedQuerySet):
    """Admins read their website's statistics, superadmins every website's; others none."""


class TipStatsState(models.Model):
    """One row per website: the lock every refresh of its rollups takes, and their freshness.

    Refreshes and rebuilds of a website's rollups run one at a time: each locks this row
    (`select_for_update`) before it deletes and re-inserts rows.
    """

    website = models.OneToOneField(
        "websites.Website", on_delete=models.CASCADE, related_name="tip_stats_state"
    )
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="The reporting time zone the rollups were built in."
    )
    refreshed_at = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TipStatsQuerySet.as_manager()

    class Meta:
        db_table = "writer_management_tipstatsstate"
        ordering = ("website_id",)
        verbose_name = "tip statistics state"

    def __str__(self) -> str:
        return f"Tip statistics of website {self.website_id} ({self.time_zone or 'not built'})"


class _TipStat(models.Model):
    """Counts and sums shared by the main rollups."""

    tip_type = models.CharField(max_length=10)
    payment_status = models.CharField(max_length=12)
    writer_level_name = models.CharField(max_length=100, blank=True)
    tip_count = models.PositiveIntegerField(default=0)
    total_amount = _sum()
    total_writer_earning = _sum()
    total_platform_profit = _sum()
    total_writer_percentage = _sum(help_text="The sum of the tips' writer percentages.")

    objects = TipStatsQuerySet.as_manager()

    class Meta:
        abstract = True


class TipDailyStat(_TipStat):
    """The tips of one website sent on one local day, per type, status and level name."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    month = models.DateField(help_text="The first day of the day's month.")

    class Meta:
        db_table = "writer_management_tipdailystat"
        ordering = ("website_id", "day", "tip_type", "payment_status", "writer_level_name")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "day", "tip_type", "payment_status", "writer_level_name"),
                name="tip_daily_stat_unique",
            ),
        ]
        indexes = [models.Index(fields=("day",), name="tip_daily_stat_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} website {self.website_id}: {self.tip_count} tips"


class TipMonthlyStat(_TipStat):
    """The tips of one website sent in one local month, per type, status and level name."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        db_table = "writer_management_tipmonthlystat"
        ordering = ("website_id", "month", "tip_type", "payment_status", "writer_level_name")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "month", "tip_type", "payment_status", "writer_level_name"),
                name="tip_monthly_stat_unique",
            ),
        ]
        indexes = [models.Index(fields=("month",), name="tip_monthly_stat_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} website {self.website_id}: {self.tip_count} tips"


class TipTotalStat(_TipStat):
    """Every tip of one website, per type, status and level name (all time)."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        db_table = "writer_management_tiptotalstat"
        ordering = ("website_id", "tip_type", "payment_status", "writer_level_name")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "tip_type", "payment_status", "writer_level_name"),
                name="tip_total_stat_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Website {self.website_id} {self.tip_type}/{self.payment_status}: {self.tip_count}"


class TipDayTotalStat(models.Model):
    """Every tip of one website sent on one local day, whatever its type, status or level."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    tip_count = models.PositiveIntegerField(default=0)
    total_amount = _sum()
    total_writer_earning = _sum()
    total_platform_profit = _sum()
    total_writer_percentage = _sum(help_text="The sum of the tips' writer percentages.")

    objects = TipStatsQuerySet.as_manager()

    class Meta:
        db_table = "writer_management_tipdaytotalstat"
        ordering = ("website_id", "day")
        constraints = [
            models.UniqueConstraint(fields=("website", "day"), name="tip_day_total_stat_unique"),
        ]
        indexes = [models.Index(fields=("day",), name="tip_day_total_stat_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} website {self.website_id}: {self.tip_count} tips"


class _TipAmountStat(models.Model):
    """How many completed tips of one amount a level's writers received (the what-if's input).

    A split rounds each tip to the cent, so what a percentage would have paid is exact only per
    amount: the count of tips of each amount is what the simulator needs.
    """

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    writer_level_name = models.CharField(max_length=100, blank=True)
    tip_amount = money_field()
    tip_count = models.PositiveIntegerField(default=0)

    objects = TipStatsQuerySet.as_manager()

    class Meta:
        abstract = True


class TipAmountDailyStat(_TipAmountStat):
    """The completed tips of one website on one local day, per level name and amount."""

    day = models.DateField()
    month = models.DateField(help_text="The first day of the day's month.")

    class Meta:
        ordering = ("website_id", "day", "writer_level_name", "tip_amount")
        verbose_name = "tip amount daily stat"
        constraints = [
            models.UniqueConstraint(
                fields=("website", "day", "writer_level_name", "tip_amount"),
                name="tip_amount_daily_stat_unique",
            ),
        ]
        # The days around a range's whole months, over every website.
        indexes = [models.Index(fields=("day",), name="tip_amount_daily_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} website {self.website_id}: {self.tip_count} x {self.tip_amount}"


class TipAmountMonthlyStat(_TipAmountStat):
    """The completed tips of one website in one local month, per level name and amount."""

    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        ordering = ("website_id", "month", "writer_level_name", "tip_amount")
        verbose_name = "tip amount monthly stat"
        constraints = [
            models.UniqueConstraint(
                fields=("website", "month", "writer_level_name", "tip_amount"),
                name="tip_amount_monthly_stat_unique",
            ),
        ]
        # One level's months over every website (a scenario changes one or two levels).
        indexes = [
            models.Index(fields=("writer_level_name", "month"), name="tip_amount_monthly_level_idx")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} website {self.website_id}: {self.tip_count} x {self.tip_amount}"


class TipWriterMonthlyStat(models.Model):
    """What one writer received in one local month on one website (every payment status)."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField(help_text="The first day of the month.")
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    tip_count = models.PositiveIntegerField(default=0)
    total_amount = _sum()
    total_writer_earning = _sum()

    objects = TipStatsQuerySet.as_manager()

    class Meta:
        db_table = "writer_management_tipwritermonthlystat"
        ordering = ("website_id", "month", "writer_id")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "month", "writer"), name="tip_writer_monthly_stat_unique"
            ),
        ]
        indexes = [
            models.Index(fields=("month",), name="tip_writer_monthly_month_idx"),
            # The top lists' exact sums, for the few people who could rank.
            models.Index(fields=("writer", "month"), name="tip_writer_monthly_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} writer {self.writer_id}: {self.tip_count} tips"


class TipClientMonthlyStat(models.Model):
    """What one client sent in one local month on one website (every payment status)."""

    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField(help_text="The first day of the month.")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    tip_count = models.PositiveIntegerField(default=0)
    total_amount = _sum()

    objects = TipStatsQuerySet.as_manager()

    class Meta:
        db_table = "writer_management_tipclientmonthlystat"
        ordering = ("website_id", "month", "client_id")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "month", "client"), name="tip_client_monthly_stat_unique"
            ),
        ]
        indexes = [
            models.Index(fields=("month",), name="tip_client_monthly_month_idx"),
            models.Index(fields=("client", "month"), name="tip_client_monthly_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} client {self.client_id}: {self.tip_count} tips"


class _PersonSinceStat(models.Model):
    """One person's sum over every month from `since_month` on, across websites.

    Rows are kept, for every person with a tip in those months, for each `since_month` from the
    first month an analytics window can start in (`tip_stats.selectors.periods.since_horizon`)
    to the person's last month with a tip: the rows are dense there, so any window starting at
    or after the horizon finds every person who tipped in it under its first month. `website`
    is the one website of those tips, or empty when they span several (a website's list then
    also reads the empty rows: a sum over every website bounds the sum over one).
    """

    website = models.ForeignKey(
        "websites.Website",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        null=True,
        blank=True,
    )
    since_month = models.DateField(help_text="The first day of the first month counted.")

    objects = TipStatsQuerySet.as_manager()

    class Meta:
        abstract = True


class TipWriterSinceStat(_PersonSinceStat):
    """What one writer received in every month from `since_month` on (every payment status)."""

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    total_writer_earning = _sum()

    class Meta:
        ordering = ("writer_id", "since_month")
        verbose_name = "tip writer since stat"
        constraints = [
            models.UniqueConstraint(
                fields=("writer", "since_month"), name="tip_writer_since_stat_unique"
            ),
        ]
        indexes = [
            # The top list reads the largest sums first and stops early.
            models.Index(
                fields=("since_month", "-total_writer_earning", "writer"),
                name="tip_writer_since_rank_idx",
            ),
            models.Index(fields=("website", "since_month"), name="tip_writer_since_site_idx"),
        ]

    def __str__(self) -> str:
        return f"writer {self.writer_id} since {self.since_month:%Y-%m}"


class TipClientSinceStat(_PersonSinceStat):
    """What one client sent in every month from `since_month` on (every payment status)."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    total_amount = _sum()

    class Meta:
        ordering = ("client_id", "since_month")
        verbose_name = "tip client since stat"
        constraints = [
            models.UniqueConstraint(
                fields=("client", "since_month"), name="tip_client_since_stat_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=("since_month", "-total_amount", "client"),
                name="tip_client_since_rank_idx",
            ),
            models.Index(fields=("website", "since_month"), name="tip_client_since_site_idx"),
        ]

    def __str__(self) -> str:
        return f"client {self.client_id} since {self.since_month:%Y-%m}"
