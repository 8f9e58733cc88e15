"""Auto-approval policies, their dry run, and the review SLA."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from loyalty_management.models import RedemptionRequest, RedemptionStatus, RedemptionType
from loyalty_management.selectors.policies import ClientFacts, policy_refusals
from loyalty_management.services import (
    loyalty_settings_update,
    redemption_create,
    redemption_policy_create,
    redemptions_sla_breach,
)
from tests.loyalty_management.factories import (
    RedemptionItemFactory,
    admin_of,
    client_of,
    points_give,
)
from tests.websites.factories import WebsiteFactory
from webhooks.models import WebhookEvent

pytestmark = pytest.mark.django_db

POLICIES = "/api/v1/loyalty-management/redemption-policies/"
REQUESTS = "/api/v1/loyalty-management/redemption-requests/"


@pytest.fixture
def shop():
    website = WebsiteFactory()
    cheap = RedemptionItemFactory(
        website=website, redemption_type=RedemptionType.PRODUCT, points_required=100
    )
    dear = RedemptionItemFactory(
        website=website, redemption_type=RedemptionType.PRODUCT, points_required=900
    )
    client = client_of(website)
    points_give(client, 5000)
    return website, cheap, dear, client


def test_a_request_every_rule_allows_is_approved_and_the_others_wait_with_reasons(shop):
    website, cheap, dear, client = shop
    policy = redemption_policy_create(website=website, name="Small", max_points=500)
    approved = redemption_create(client=client, item_id=cheap.pk)
    assert approved.status == RedemptionStatus.APPROVED
    assert approved.approved_by_policy_id == policy.pk
    assert approved.approved_by_id is None
    waiting = redemption_create(client=client, item_id=dear.pk)
    assert waiting.status == RedemptionStatus.PENDING
    assert waiting.review_reasons == ["points_above_limit"]


def test_without_active_policies_nothing_runs_and_no_reason_is_recorded(shop):
    website, cheap, _, client = shop
    redemption_policy_create(website=website, name="Off", max_points=500, is_active=False)
    request = redemption_create(client=client, item_id=cheap.pk)
    assert request.status == RedemptionStatus.PENDING
    assert request.review_reasons is None


def _facts(**changes) -> ClientFacts:
    values = {
        "account_age_days": 400,
        "tier_rank": 3,
        "refund_rate": Decimal("0.00"),
        "recent_requests": {30: 0},
        **changes,
    }
    return ClientFacts(**values)


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        ({"account_age_days": 3}, "account_too_new"),
        ({"tier_rank": 1}, "tier_below_minimum"),
        ({"refund_rate": Decimal("25.00")}, "refund_rate_above_limit"),
        ({"recent_requests": {30: 4}}, "too_many_recent_requests"),
    ],
)
def test_each_rule_refuses_with_its_code(shop, facts, code):
    website, cheap, _, _ = shop
    policy = redemption_policy_create(
        website=website,
        name="Strict",
        item_types=["product"],
        min_tier_rank=2,
        min_account_age_days=30,
        max_recent_requests=3,
        recent_days=30,
        max_refund_rate=Decimal("10.00"),
    )
    assert policy_refusals(policy, item=cheap, points=100, facts=_facts()) == []
    assert policy_refusals(policy, item=cheap, points=100, facts=_facts(**facts)) == [code]


def test_an_item_type_the_policy_does_not_name_is_refused(shop):
    website, cheap, _, _ = shop
    policy = redemption_policy_create(website=website, name="Services", item_types=["service"])
    assert policy_refusals(policy, item=cheap, points=100, facts=_facts()) == [
        "item_type_not_allowed"
    ]


def test_the_dry_run_says_how_many_of_the_last_days_requests_it_would_approve(shop, api_client_for):
    website, cheap, dear, client = shop
    for item in (cheap, cheap, dear):
        redemption_create(client=client, item_id=item.pk)
    api = api_client_for(admin_of(website))
    created = api.post(
        POLICIES, {"name": "Up to 500", "max_points": 500, "item_types": ["product"]}, format="json"
    )
    assert created.status_code == 201, created.content
    run = api.get(f"{POLICIES}{created.json()['id']}/dry-run/", {"days": 7})
    assert run.status_code == 200
    assert run.json() == {
        "days": 7,
        "requests": 3,
        "would_approve": 2,
        "would_leave_for_review": 1,
        "refusals": {"points_above_limit": 1},
    }
    assert RedemptionRequest.objects.filter(status="pending").count() == 3  # nothing changed
    bad = api.post(POLICIES, {"name": "Bad", "item_types": ["gift"]}, format="json")
    assert bad.status_code == 400
    assert "item_types" in bad.json()["errors"]


def test_the_queue_shows_the_sla_and_a_breach_is_told_once(shop, api_client_for):
    website, cheap, _, client = shop
    loyalty_settings_update(website=website, review_sla_hours=2)
    late = redemption_create(client=client, item_id=cheap.pk)
    fresh = redemption_create(client=client, item_id=cheap.pk)
    RedemptionRequest.objects.filter(pk=late.pk).update(
        requested_at=timezone.now() - timedelta(hours=3)
    )
    api = api_client_for(admin_of(website))
    queue = api.get(REQUESTS, {"status": "pending", "ordering": "requested_at"}).json()["results"]
    assert [row["id"] for row in queue] == [late.pk, fresh.pk]
    assert [row["overdue"] for row in queue] == [True, False]
    assert queue[0]["sla_due_at"] is not None
    overdue = api.get(REQUESTS, {"overdue": "true"}).json()["results"]
    assert [row["id"] for row in overdue] == [late.pk]
    assert redemptions_sla_breach() == 1
    assert redemptions_sla_breach() == 0
    events = WebhookEvent.objects.filter(type="redemption.sla_breached")
    assert list(events.values_list("object_id", flat=True)) == [str(late.pk)]
