"""What if the tier thresholds were others: counted from lifetime points, nothing written."""

import pytest

from loyalty_management.models import LoyaltyAccount
from tests.loyalty_management.factories import (
    LoyaltyTierFactory,
    admin_of,
    client_of,
    points_give,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/loyalty-management/what-if/tiers/"


def test_lower_thresholds_move_clients_up_and_nothing_is_written(api_client_for):
    website = WebsiteFactory()
    LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(website=website, name="Silver", rank=2, min_lifetime_points=500)
    LoyaltyTierFactory(website=website, name="Gold", rank=3, min_lifetime_points=2000)
    for points in (100, 300, 400, 600, 2500):
        points_give(client_of(website), points)
    before = list(LoyaltyAccount.objects.order_by("pk").values_list("pk", "tier_id"))
    api = api_client_for(admin_of(website))

    response = api.get(URL, {"thresholds": "0,300,600"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(t["name"], t["clients_now"], t["clients_then"]) for t in body["tiers"]] == [
        ("Bronze", 3, 1),
        ("Silver", 1, 2),
        ("Gold", 1, 2),
    ]
    assert (body["clients_moving_up"], body["clients_moving_down"]) == (3, 0)
    assert list(LoyaltyAccount.objects.order_by("pk").values_list("pk", "tier_id")) == before
    raised = api.get(URL, {"thresholds": "150,600,3000"}).json()
    assert raised["below_every_tier"] == {"clients_now": 0, "clients_then": 1}
    assert raised["clients_moving_down"] == 2  # 100 falls below every tier, 2500 to Silver


@pytest.mark.parametrize(
    ("thresholds", "field_error"),
    [("0,300", "thresholds"), ("0,600,300", "thresholds"), ("0,x,1", "thresholds")],
)
def test_bad_thresholds_are_a_400_naming_the_field(api_client_for, thresholds, field_error):
    website = WebsiteFactory()
    for rank, points in ((1, 0), (2, 500), (3, 2000)):
        LoyaltyTierFactory(website=website, rank=rank, min_lifetime_points=points)
    response = api_client_for(admin_of(website)).get(URL, {"thresholds": thresholds})
    assert response.status_code == 400
    assert field_error in response.json()["errors"]
