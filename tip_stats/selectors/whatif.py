"""The tip-percentage what-if: what writers and the platform would have received at another split.

Read-only. For the completed tips of a date range: the tips of one level at percentage `P`
(and, with a default, the tips of writers without a level at `D`) are split again tip by tip
with the rule every tip uses (`core.money.split_by_percentage`: the writer's share rounded half
up to the cent, the platform keeps the rest), so the simulated sums are exact to the cent. The
other tips keep the split they had. The counts of tips per level and amount come from the
amount rollups (`TipAmountDailyStat`, `TipAmountMonthlyStat`): no tip row is read.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.money import ZERO, round_2, split_by_percentage, to_cents
from tip_stats.models import TipTotalStat
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import AmountCounts, Totals
from writer_management.models import TipPaymentStatus, WriterLevel

NO_LEVEL = ""  # how rollups and tips name "the writer had no level"


def tip_level_names(scope: TipReportScope) -> set[str]:
    """The level names a scenario may change: the scope's levels now and those tips recorded."""
    tipped = scope.narrow(TipTotalStat.objects.all()).exclude(writer_level_name=NO_LEVEL)
    levels = WriterLevel.objects.visible_to(scope.user)
    if scope.website_id is not None:
        levels = levels.for_website(scope.website_id)
    return set(tipped.values_list("writer_level_name", flat=True)) | set(
        levels.values_list("name", flat=True)
    )


@dataclass(frozen=True)
class TipPercentageScenario:
    """Level `level_name` at `percentage` and/or writers without a level at `default_percentage`."""

    level_name: str | None = None
    percentage: Decimal | None = None
    default_percentage: Decimal | None = None

    def percentages(self) -> dict[str, Decimal]:
        """{stored level name: the percentage its tips are split at in the scenario}."""
        changed = {}
        if self.level_name is not None and self.percentage is not None:
            changed[self.level_name] = self.percentage
        if self.default_percentage is not None:
            changed[NO_LEVEL] = self.default_percentage
        return changed


@dataclass
class _Split:
    writer: Decimal = ZERO
    platform: Decimal = ZERO

    def add(self, other: "_Split") -> "_Split":
        self.writer += other.writer
        self.platform += other.platform
        return self


def _resplit(counts: AmountCounts, level_name: str, percentage: Decimal) -> _Split:
    """Split each tip of the level again at `percentage` (per amount: every such tip alike)."""
    split = _Split()
    for (name, amount), count in counts.items():
        if name == level_name:
            writer, platform = split_by_percentage(amount, percentage)
            split.writer += writer * count
            split.platform += platform * count
    return split


def _amounts(split: _Split) -> dict:
    return {
        "writer_earnings": to_cents(split.writer),
        "platform_profit": to_cents(split.platform),
    }


def _row(current: _Split, simulated: _Split) -> dict:
    return {
        "current": _amounts(current),
        "simulated": _amounts(simulated),
        "difference": _amounts(
            _Split(simulated.writer - current.writer, simulated.platform - current.platform)
        ),
    }


def tip_percentage_what_if(
    *,
    source,
    scenario: TipPercentageScenario,
    today: date,
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict:
    """Per level and in total: the completed tips' split now and in the scenario."""
    changed = scenario.percentages()
    current = source.grouped(
        dims=("writer_level_name",),
        payment_status=TipPaymentStatus.COMPLETED,
        date_from=date_from,
        date_to=date_to,
        today=today,
    )
    counts = source.amounts(level_names=changed, date_from=date_from, date_to=date_to, today=today)
    levels, total_current, total_simulated = [], _Split(), _Split()
    total = Totals()
    names = {key[0] for key in current} | set(changed)
    for name in names:
        totals = current.get((name,), Totals())
        now = _Split(totals.total_writer_earning, totals.total_platform_profit)
        simulated = now
        if name in changed:
            simulated = _resplit(counts, name, changed[name])
        total.add(totals)
        total_current.add(now)
        total_simulated.add(simulated)
        levels.append(
            {
                "writer_level__name": name or None,
                "tip_count": totals.tip_count,
                "total_tips": to_cents(totals.total_amount),
                "current_avg_percentage": (
                    round_2(totals.total_writer_percentage / totals.tip_count)
                    if totals.tip_count
                    else ZERO
                ),
                "simulated_percentage": changed.get(name),
                **_row(now, simulated),
            }
        )
    levels.sort(
        key=lambda row: (
            -row["total_tips"],
            row["writer_level__name"] is None,
            row["writer_level__name"] or "",
        )
    )
    return {
        "period": {"date_from": date_from, "date_to": date_to},
        "scenario": {
            "writer_level__name": scenario.level_name,
            "percentage": scenario.percentage,
            "default_percentage": scenario.default_percentage,
        },
        "levels": levels,
        "total": {
            "tip_count": total.tip_count,
            "total_tips": to_cents(total.total_amount),
            **_row(total_current, total_simulated),
        },
    }
