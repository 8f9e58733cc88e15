"""Installments fall due on their website's calendar.

Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart, so at any instant Kiritimati's
date is at least one day after Pago Pago's: "today" taken in one zone for the other is wrong.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from class_management.models import ClassInstallment
from class_management.services import (
    class_bundle_activate,
    class_bundle_installments_set,
    installments_mark_overdue,
)
from tests.accounts.factories import AdminFactory
from tests.class_management.factories import ClassBundleFactory
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def _today(zone: str):
    return datetime.now(ZoneInfo(zone)).date()


def test_the_default_first_due_date_counts_from_the_websites_today(api_client_for):
    for zone in (EAST, WEST):
        bundle = ClassBundleFactory(website=WebsiteFactory(time_zone=zone))
        response = api_client_for(AdminFactory(website=bundle.website)).post(
            f"/api/v1/class-management/bundles/{bundle.pk}/configure-installments/",
            {"count": 2, "interval_days": 7},
        )
        assert response.status_code == 200, response.content
        first = bundle.installments.order_by("installment_number").first()
        assert first.due_date == _today(zone) + timedelta(days=7)


def _active_bundle_due(zone: str, due):
    bundle = ClassBundleFactory(website=WebsiteFactory(time_zone=zone))
    class_bundle_installments_set(bundle=bundle, installments=[(Decimal("300.00"), due)])
    return class_bundle_activate(bundle=bundle)


def test_an_installment_is_overdue_once_its_websites_day_has_passed():
    yesterday_east = _today(EAST) - timedelta(days=1)
    assert yesterday_east >= _today(WEST)  # still today or later in Pago Pago
    east = _active_bundle_due(EAST, yesterday_east)
    west = _active_bundle_due(WEST, yesterday_east)
    assert installments_mark_overdue() == 1
    overdue = ClassInstallment.objects.filter(is_overdue=True)
    assert [row.bundle_id for row in overdue] == [east.pk]
    assert not west.installments.filter(is_overdue=True).exists()
    assert installments_mark_overdue(website_id=west.website_id) == 0
