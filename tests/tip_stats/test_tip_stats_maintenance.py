"""Keeping the tip rollups current: the tip services' hook, concurrency, the task and command."""

import threading
from datetime import datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from core.reporting import local_day, reporting_today
from tests.accounts.factories import AdminFactory, SuperAdminFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.conftest import fund
from tests.writer_management.factories import TipFactory
from tip_stats import receivers
from tip_stats.models import TipDailyStat, TipMonthlyStat, TipStatsState
from tip_stats.selectors.reports import tip_dashboard
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import TipRollupSource, TipRowSource
from tip_stats.services import tip_stats_refresh_days
from tip_stats.tasks import tip_stats_reconcile_task, tip_stats_refresh_task
from writer_management.models import TipPaymentMethod
from writer_management.services import tip_confirm_payment, tip_create, tip_refund


def _dashboards(website_id: int | None = None) -> tuple[dict, dict]:
    scope = TipReportScope(user=SuperAdminFactory(), website_id=website_id)
    today = reporting_today()
    return (
        tip_dashboard(source=TipRollupSource(scope), days=30, today=today),
        tip_dashboard(source=TipRowSource(scope), days=30, today=today),
    )


@pytest.mark.django_db
def test_tips_sent_confirmed_and_refunded_through_the_services_keep_the_rollups_current(
    world, django_capture_on_commit_callbacks
):
    fund(world.client, "500.00")
    with django_capture_on_commit_callbacks(execute=True):
        paid = tip_create(
            client=world.client,
            writer_id=world.writer.pk,
            tip_amount=Decimal("40.00"),
            tip_reason="Great work",
        )
    rollups, rows = _dashboards(world.website.pk)
    assert rollups == rows
    assert rollups["payment_status"]["completed"] == 1
    assert rollups["summary"]["total_writer_earnings"] == Decimal("16.00")

    with django_capture_on_commit_callbacks(execute=True):
        manual = tip_create(
            client=world.client,
            writer_id=world.writer.pk,
            tip_amount=Decimal("12.50"),
            tip_reason="Offline thanks",
            payment_method=TipPaymentMethod.MANUAL,
        )
    assert _dashboards(world.website.pk)[0]["payment_status"]["pending"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        tip_confirm_payment(tip=manual, confirmed_by=world.admin, reference="BANK-1")
    with django_capture_on_commit_callbacks(execute=True):
        tip_refund(tip=paid, refunded_by=world.admin, reason="Disputed")
    rollups, rows = _dashboards(world.website.pk)
    assert rollups == rows
    assert rollups["payment_status"] == {
        "completed": 1,
        "pending": 0,
        "processing": 0,
        "failed": 0,
        "refunded": 1,
    }


@pytest.mark.django_db
def test_one_transaction_touching_many_tips_of_a_day_refreshes_that_day_once(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    fund(world.client, "500.00")
    enqueued = []
    enqueue = receivers.tip_stats_refresh_task.delay

    def counting_enqueue(**kwargs):
        enqueued.append(kwargs)
        return enqueue(**kwargs)

    monkeypatch.setattr(receivers.tip_stats_refresh_task, "delay", counting_enqueue)
    with django_capture_on_commit_callbacks(execute=True):
        for amount in ("5.00", "6.00", "7.00"):
            tip_create(
                client=world.client,
                writer_id=world.writer.pk,
                tip_amount=Decimal(amount),
                tip_reason="Thanks",
            )
    [refresh] = enqueued
    assert refresh["website_id"] == world.website.pk
    assert local_day(datetime.fromisoformat(refresh["moment"])) == reporting_today()


@pytest.mark.django_db
def test_the_refresh_task_takes_ids_and_is_safe_to_run_twice():
    tip = TipFactory()
    day = reporting_today().isoformat()
    tip_stats_refresh_task.delay(website_id=tip.website_id, day=day)
    first = list(TipDailyStat.objects.values_list("day", "tip_count", "total_amount"))
    tip_stats_refresh_task.delay(website_id=tip.website_id, day=day)
    assert list(TipDailyStat.objects.values_list("day", "tip_count", "total_amount")) == first
    assert first == [(reporting_today(), 1, tip.tip_amount)]


@pytest.mark.django_db
def test_the_nightly_reconcile_task_repairs_missing_rollups():
    tip = TipFactory(sent_at=timezone.now() - timedelta(days=45))
    assert TipMonthlyStat.objects.count() == 0
    assert tip_stats_reconcile_task.delay().get() == 1
    assert TipMonthlyStat.objects.get().total_amount == tip.tip_amount
    assert tip_stats_reconcile_task.delay().get() == 0


@pytest.mark.django_db
def test_the_rebuild_command_rebuilds_every_website_or_the_named_ones():
    tips = [TipFactory(), TipFactory()]
    out, err = StringIO(), StringIO()
    call_command("rebuild_tip_stats", stdout=out, stderr=err)
    assert "Rebuilt the tip statistics of 2 website(s)" in out.getvalue()
    assert "2 tip daily stat rows" in out.getvalue()
    assert "Rebuilding tip statistics" in err.getvalue()  # the progress bar
    assert TipStatsState.objects.filter(rebuilt_at__isnull=False).count() == 2

    TipDailyStat.objects.all().delete()
    call_command(
        "rebuild_tip_stats", "--website", str(tips[0].website_id), "--no-progress", stdout=out
    )
    assert list(TipDailyStat.objects.values_list("website_id", flat=True)) == [tips[0].website_id]
    with pytest.raises(CommandError, match="Unknown website"):
        call_command("rebuild_tip_stats", "--website", "987654", stdout=out)


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_of_one_website_serialise_and_end_exact():
    """Workers refresh the same day at once while tips arrive: no lost or double rows, and the
    last refresh to commit saw every tip."""
    website = WebsiteFactory()
    AdminFactory(website=website)
    template = TipFactory(website=website)
    day = reporting_today()
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def refresh() -> None:
        try:
            start.wait()
            for _ in range(5):
                tip_stats_refresh_days(website_id=website.pk, days=[day])
        except BaseException as error:  # the assertion below reports it
            errors.append(error)
        finally:
            connection.close()

    def add_tips() -> None:
        try:
            start.wait()
            for _ in range(5):
                TipFactory(website=website, client=template.client, writer=template.writer)
                tip_stats_refresh_days(website_id=website.pk, days=[day])  # as its task would
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for target in (refresh, refresh, add_tips)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rollups, rows = _dashboards(website.pk)
    assert rollups == rows
    assert rollups["summary"]["total_tips"] == 6
