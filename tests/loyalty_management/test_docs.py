"""The documented examples (docs/LOYALTY_REDEMPTION.md and the OpenAPI examples) match real
responses: the same keys, nested the same way, with values of the same JSON types.
"""

import json
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from loyalty_management import demo
from loyalty_management.api import examples
from loyalty_management.models import (
    LoyaltyTier,
    Milestone,
    RedemptionCategory,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.loyalty_management.conftest import BASE
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

DOC = Path(settings.BASE_DIR) / "docs" / "LOYALTY_REDEMPTION.md"
_EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\n```json\n(.*?)\n```", re.DOTALL)


def doc_examples() -> dict:
    return {name: json.loads(body) for name, body in _EXAMPLE.findall(DOC.read_text())}


def _kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def assert_same_shape(documented, real, path: str = "$") -> None:
    """Documented and real agree on keys and JSON types; null matches anything (it is optional)."""
    if documented is None or real is None:
        return
    assert _kind(documented) == _kind(real), f"{path}: {_kind(documented)} != {_kind(real)}"
    if isinstance(documented, dict):
        assert set(documented) == set(real), f"{path}: keys {set(documented) ^ set(real)}"
        for key in documented:
            assert_same_shape(documented[key], real[key], f"{path}.{key}")
    elif isinstance(documented, list) and real:
        for index, element in enumerate(documented):
            assert_same_shape(element, real[min(index, len(real) - 1)], f"{path}[{index}]")


@pytest.fixture
def demo_site(api_client_for):
    website = WebsiteFactory()
    admin = AdminFactory(website=website)
    clients = ClientFactory.create_batch(6, website=website)
    demo.seed(
        {
            "websites": [website],
            "admins": {website.slug: admin},
            "writers": {website.slug: WriterFactory.create_batch(1, website=website)},
            "clients": {website.slug: clients},
        }
    )
    return {
        "website": website,
        "client": api_client_for(clients[0]),
        "client_user": clients[0],
        "admin": api_client_for(admin),
        "poor": api_client_for(ClientFactory(website=website)),
    }


@pytest.fixture
def real(demo_site) -> dict:
    client, admin, website = demo_site["client"], demo_site["admin"], demo_site["website"]
    own = RedemptionRequest.objects.filter(client=demo_site["client_user"])
    pending = own.get(status=RedemptionStatus.PENDING)
    discount = own.get(item__redemption_type=RedemptionType.DISCOUNT)
    approved = RedemptionRequest.objects.filter(
        website=website, status=RedemptionStatus.APPROVED
    ).first()
    discounts = RedemptionCategory.objects.get(website=website, name="Discounts")
    expensive = discounts.items.order_by("-points_required").first()
    tier = LoyaltyTier.objects.filter(website=website).order_by("rank")[1]
    milestone = Milestone.objects.filter(website=website).first()
    responses = {
        "summary": client.get(f"{BASE}summary/"),
        "items": client.get(f"{BASE}redemption-items/", {"category": discounts.pk}),
        "category": admin.get(f"{BASE}redemption-categories/{discounts.pk}/"),
        "request-pending": client.get(f"{BASE}redemption-requests/{pending.pk}/"),
        "request-pending-admin": admin.get(f"{BASE}redemption-requests/{pending.pk}/"),
        "request-discount": client.get(f"{BASE}redemption-requests/{discount.pk}/"),
        "request-refused": demo_site["poor"].post(
            f"{BASE}redemption-requests/",
            {"item_id": expensive.pk},
            format="json",
            HTTP_IDEMPOTENCY_KEY="docs",
        ),
        "decision-conflict": admin.post(
            f"{BASE}redemption-requests/{approved.pk}/reject/",
            {"reason": "x"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        ),
        "transactions": client.get(f"{BASE}transactions/", {"limit": 2}),
        "award": admin.post(
            f"{BASE}award/",
            {"client_id": demo_site["client_user"].pk, "points": 150, "reason": "Apology"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="docs",
        ),
        "settings": admin.get(f"{BASE}settings/"),
        "tier": admin.get(f"{BASE}tiers/{tier.pk}/"),
        "badge": admin.get(f"{BASE}badges/{milestone.badge_id}/"),
        "milestone": admin.get(f"{BASE}milestones/{milestone.pk}/"),
        "analytics": admin.get(f"{BASE}analytics/", {"days": 3}),
    }
    expected = {"request-refused": 400, "decision-conflict": 409, "award": 201}
    for name, response in responses.items():
        assert response.status_code == expected.get(name, 200), (name, response.json())
    return {name: response.json() for name, response in responses.items()}


def test_every_documented_example_is_checked():
    assert set(doc_examples()) == {
        "summary",
        "items",
        "request-pending",
        "request-discount",
        "request-refused",
        "decision-conflict",
        "transactions",
        "award",
        "settings",
        "tier",
        "milestone",
        "analytics",
    }


def test_the_documented_examples_match_real_responses(real):
    for name, documented in doc_examples().items():
        assert_same_shape(documented, real[name], name)
    assert doc_examples()["request-refused"]["code"] == real["request-refused"]["code"]
    assert doc_examples()["decision-conflict"]["code"] == real["decision-conflict"]["code"]


OPENAPI_EXAMPLES = (
    (examples.CATEGORY, "category"),
    (examples.ITEM_FOR_CLIENT, None),
    (examples.REQUEST_PENDING_CLIENT, "request-pending"),
    (examples.REQUEST_PENDING, "request-pending-admin"),
    (examples.REQUEST_DISCOUNT_FULFILLED_CLIENT, "request-discount"),
    (examples.TIER, "tier"),
    (examples.BADGE, "badge"),
    (examples.MILESTONE, "milestone"),
    (examples.SETTINGS, "settings"),
    (examples.SUMMARY, "summary"),
    (examples.TRANSACTION, "award"),
    (examples.TRANSACTION_CLIENT, "transactions"),
    (examples.ANALYTICS, "analytics"),
)


def test_the_openapi_examples_match_real_responses(real):
    for example, name in OPENAPI_EXAMPLES:
        actual = real["items"]["results"][1] if name is None else real[name]
        if name == "transactions":
            actual = actual["results"][0]
        assert_same_shape(example, actual, name or "item")
