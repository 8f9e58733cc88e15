"""Probe rows for `manage.py preflight`: tips through the tip services, and their statistics."""

from decimal import Decimal

from tip_stats.services import tip_stats_rebuild_website
from writer_management.models import TipPaymentMethod
from writer_management.services import tip_confirm_payment, tip_create

PROBE_TIP_AMOUNTS = (Decimal("5.00"), Decimal("12.50"), Decimal("20.00"))


def create_probe_rows(*, site, count: int) -> int:
    """Create `count` manual tips between the site's clients and writers; confirm every other one.

    Manual tips take no money from the clients' wallets, and the confirmed ones give the earnings
    report (completed tips only) something to count. The probe transaction never commits, so the
    statistics the dashboards read are rebuilt here rather than by the on-commit refresh.
    """
    for number in range(count):
        tip = tip_create(
            client=site.client if number % 2 == 0 else site.other_client,
            writer_id=(site.writer if number % 3 else site.other_writer).pk,
            tip_amount=PROBE_TIP_AMOUNTS[number % len(PROBE_TIP_AMOUNTS)],
            tip_reason="Preflight probe tip",
            payment_method=TipPaymentMethod.MANUAL,
        )
        if number % 2 == 0:
            tip_confirm_payment(tip=tip, confirmed_by=site.admin, reference=f"PROBE-{tip.pk}")
    tip_stats_rebuild_website(website_id=site.website.pk)
    return count
