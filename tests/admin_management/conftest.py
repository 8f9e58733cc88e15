"""Two websites with tips of every type and status, rollups built, and callers of every role."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import (
    ClassBundleFactory,
    TipFactory,
    WriterLevelFactory,
)
from tip_stats.services import tip_stats_rebuild
from writer_management.models import TipPaymentStatus

BASE = "/api/v1/admin-management/tips/"
ENDPOINTS = ("dashboard", "list_tips", "analytics", "earnings", "export")


@dataclass
class Site:
    website: object
    admin: object
    client: object
    writer: object
    senior: object
    tips: list


@dataclass
class World:
    alpha: Site
    beta: Site
    superadmin: object


def _site(name: str) -> Site:
    website = WebsiteFactory(name=name)
    client, writer = ClientFactory(website=website), WriterFactory(website=website)
    senior = WriterLevelFactory(website=website, name="Senior", tip_percentage=Decimal("50.00"))
    return Site(
        website=website,
        admin=AdminFactory(website=website),
        client=client,
        writer=writer,
        senior=senior,
        tips=[],
    )


def tip_for(site: Site, **kwargs):
    kwargs.setdefault("website", site.website)
    kwargs.setdefault("client", site.client)
    kwargs.setdefault("writer", site.writer)
    tip = TipFactory(**kwargs)
    site.tips.append(tip)
    return tip


@pytest.fixture
def world(db) -> World:
    """Alpha: four tips (a senior order tip, a class tip, a pending and a refunded direct tip);
    beta: one completed direct tip. Rollups are built."""
    now = timezone.now()
    alpha, beta = _site("Alpha"), _site("Beta")
    order = OrderFactory(website=alpha.website, client=alpha.client, writer=alpha.writer)
    bundle = ClassBundleFactory(
        website=alpha.website, client=alpha.client, assigned_writer=alpha.writer
    )
    tip_for(
        alpha,
        order=order,
        tip_amount=Decimal("100.00"),
        writer_level=alpha.senior,
        sent_at=now - timedelta(days=3),
    )
    tip_for(
        alpha, class_bundle=bundle, tip_amount=Decimal("20.01"), sent_at=now - timedelta(days=40)
    )
    tip_for(
        alpha,
        tip_amount=Decimal("5.00"),
        payment_status=TipPaymentStatus.PENDING,
        sent_at=now - timedelta(minutes=1),
    )
    tip_for(
        alpha,
        tip_amount=Decimal("10.00"),
        payment_status=TipPaymentStatus.REFUNDED,
        sent_at=now - timedelta(days=200),
    )
    tip_for(beta, tip_amount=Decimal("7.77"), sent_at=now - timedelta(days=1))
    tip_stats_rebuild()
    return World(alpha=alpha, beta=beta, superadmin=SuperAdminFactory())


@pytest.fixture
def no_report_cache(settings):
    settings.TIP_REPORTS_CACHE_SECONDS = 0
