"""Rows for the deployment checks' probes (`manage.py preflight`), created through the services.

The probe transaction is always rolled back, so these rows never outlive the run.
"""

import uuid

from loyalty_management.models import RedemptionType
from loyalty_management.services import (
    points_award,
    redemption_category_create,
    redemption_create,
    redemption_item_create,
)

PROBE_POINTS = 10


def create_probe_rows(*, site, count: int) -> int:
    """Create `count` categories, items and pending requests on `site.website`; return `count`.

    Each item sits in its own category; the requests alternate between the site's two clients,
    who are awarded the points they hold (so the ledger grows too).
    """
    for number in range(count):
        tag = uuid.uuid4().hex[:10]
        category = redemption_category_create(website=site.website, name=f"Preflight {tag}")
        item = redemption_item_create(
            website=site.website,
            category=category,
            name=f"Preflight reward {tag}",
            points_required=PROBE_POINTS,
            redemption_type=RedemptionType.PRODUCT,
        )
        client = site.client if number % 2 == 0 else site.other_client
        points_award(
            client=client, points=PROBE_POINTS, reason="Preflight probe", awarded_by=site.admin
        )
        redemption_create(client=client, item_id=item.pk)
    return count
