"""The preflight probe hook creates rows every loyalty endpoint of the checklist shows."""

from types import SimpleNamespace

import pytest

from loyalty_management.models import LoyaltyTransaction, RedemptionRequest
from loyalty_management.probes import create_probe_rows
from tests.loyalty_management.conftest import BASE
from tests.loyalty_management.factories import admin_of, client_of

pytestmark = pytest.mark.django_db


def test_probe_rows_show_in_the_checklist_endpoints(api_client_for, website, other_website):
    admin = admin_of(website)
    site = SimpleNamespace(
        website=website, admin=admin, client=client_of(website), other_client=client_of(website)
    )
    assert create_probe_rows(site=site, count=4) == 4
    assert create_probe_rows(site=site, count=2) == 2  # called again on the same site
    api = api_client_for(admin)
    for path in ("redemption-categories/", "redemption-items/", "redemption-requests/"):
        assert api.get(f"{BASE}{path}").json()["count"] == 6, path
    assert api.get(f"{BASE}analytics/").json()["redemptions"]["total"] == 6
    assert RedemptionRequest.objects.filter(client=site.other_client).count() == 3
    assert LoyaltyTransaction.objects.filter(kind="hold").count() == 6
    assert (
        api_client_for(admin_of(other_website)).get(f"{BASE}redemption-items/").json()["count"] == 0
    )
