from decimal import Decimal

import pytest

from fines import demo
from fines.models import Fine, FineStatus, FineTypeConfig
from fines.selectors import fine_type_effective_get
from tests.accounts.factories import AdminFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


def _context() -> dict:
    websites = [WebsiteFactory(), WebsiteFactory()]
    return {
        "websites": websites,
        "admins": {w.slug: AdminFactory(website=w) for w in websites},
        "orders": {
            w.slug: [
                OrderFactory(website=w, total_price=Decimal("200"), writer_compensation=Decimal(n))
                for n in range(50, 62)
            ]
            for w in websites
        },
    }


def test_the_demo_seeds_types_and_fines_in_every_state_once():
    context = _context()
    demo.seed(context)
    demo.seed(context)

    first, second = context["websites"]
    assert FineTypeConfig.objects.filter(website__isnull=True).count() == 4
    assert fine_type_effective_get(website_id=first.pk, code="late_delivery").website == first
    assert fine_type_effective_get(website_id=second.pk, code="late_delivery").website is None
    for website in context["websites"]:
        statuses = set(Fine.objects.filter(website=website).values_list("status", flat=True))
        assert statuses == set(FineStatus.values)
    assert Fine.objects.count() == 10
