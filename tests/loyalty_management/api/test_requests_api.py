"""`redemption-requests/`: clients request (idempotently), admins decide, everyone sees theirs."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltyTransaction,
    RedemptionRequest,
    RedemptionType,
)
from loyalty_management.services import (
    redemption_approve,
    redemption_create,
    redemption_reject,
)
from tests.loyalty_management.conftest import BASE
from tests.loyalty_management.factories import (
    RedemptionItemFactory,
    admin_of,
    client_of,
    discount_item,
    points_give,
)

pytestmark = pytest.mark.django_db

REQUESTS = f"{BASE}redemption-requests/"
REQUEST_FIELDS = {
    "id",
    "client",
    "item",
    "points_used",
    "status",
    "fulfillment_code",
    "fulfillment_details",
    "rejection_reason",
    "requested_at",
    "approved_at",
    "fulfilled_at",
    "rejected_at",
    "cancelled_at",
}


@pytest.fixture
def rich_client(client_user):
    points_give(client_user, 1000)
    return client_user


def post_request(api, item_id, key, **extra):
    return api.post(
        REQUESTS, {"item_id": item_id, **extra}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )


# Creating ----------------------------------------------------------------------------------------


def test_a_client_requests_a_product_and_sees_the_contract_shape(
    api_client_for, rich_client, website, idempotency_key
):
    item = RedemptionItemFactory(website=website, name="Hoodie", points_required=300)
    response = post_request(
        api_client_for(rich_client),
        item.pk,
        idempotency_key(),
        fulfillment_details={"address": "1 Main St"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == REQUEST_FIELDS
    assert body["client"] == {"id": rich_client.pk, "username": rich_client.username}
    assert body["item"] == {"id": item.pk, "name": "Hoodie", "redemption_type": "product"}
    assert (body["status"], body["points_used"], body["fulfillment_details"]) == (
        "pending",
        300,
        {"address": "1 Main St"},
    )
    assert "approved_by" not in body  # which admin acted is in the admin's shape only
    assert "fulfilled_by" not in body


@pytest.mark.parametrize(
    "details",
    [
        {"approval_note": "Approved by the manager"},
        {"tracking_number": "1Z-FAKE"},
        {"address": "1 Main St", "discount_id": 1},
        {"wallet_transaction_id": 7, "credited_amount": "500.00"},
    ],
)
def test_a_client_cannot_set_details_the_admin_side_writes(
    api_client_for, rich_client, website, idempotency_key, details
):
    item = RedemptionItemFactory(website=website, points_required=300)
    response = post_request(
        api_client_for(rich_client), item.pk, idempotency_key(), fulfillment_details=details
    )
    assert response.status_code == 400
    assert response.json()["code"] == "reserved_detail_key"
    assert list(response.json()["errors"]) == ["fulfillment_details"]
    assert not RedemptionRequest.objects.exists()
    assert LoyaltyAccount.objects.get(client=rich_client).points_held == 0


def test_a_discount_code_from_a_redemption_works_only_for_the_client_who_redeemed_it(
    api_client_for, rich_client, website, idempotency_key
):
    from order_payments_management.services import wallet_credit, wallet_get_or_create
    from tests.orders.factories import OrderFactory

    item = discount_item(website=website, points_required=200)
    code = post_request(api_client_for(rich_client), item.pk, idempotency_key()).json()[
        "fulfillment_code"
    ]
    other = client_of(website)
    wallet_credit(
        wallet=wallet_get_or_create(user=other, website=website),
        amount=Decimal("500.00"),
        kind="topup",
        reason="Top-up",
    )
    order = OrderFactory(website=website, client=other)
    api = api_client_for(other)
    checked = api.post(
        "/api/v1/order-payments/discounts/validate/",
        {"code": code, "amount": "100.00"},
        format="json",
    )
    assert checked.status_code == 400
    assert checked.json()["code"] == "discount_not_yours"
    assert list(checked.json()["errors"]) == ["code"]
    paid = api.post(
        f"/api/v1/orders/{order.pk}/pay/",
        {"discount_code": code},
        format="json",
        HTTP_IDEMPOTENCY_KEY=idempotency_key(),
    )
    assert paid.status_code == 400
    assert paid.json()["code"] == "discount_not_yours"
    assert list(paid.json()["errors"]) == ["discount_code"]
    own = api_client_for(rich_client).post(
        "/api/v1/order-payments/discounts/validate/",
        {"code": code, "amount": "100.00"},
        format="json",
    )
    assert own.status_code == 200, own.json()


def test_a_discount_request_answers_fulfilled_with_its_code(
    api_client_for, rich_client, website, idempotency_key
):
    item = discount_item(website=website, points_required=200)
    body = post_request(api_client_for(rich_client), item.pk, idempotency_key()).json()
    assert body["status"] == "fulfilled"
    assert body["fulfillment_code"].startswith("LOYALTY-")
    assert body["approved_at"]
    assert body["fulfilled_at"]


def test_the_same_idempotency_key_replays_instead_of_requesting_twice(
    api_client_for, rich_client, website
):
    item = RedemptionItemFactory(website=website, points_required=100)
    api = api_client_for(rich_client)
    first = post_request(api, item.pk, "same-key")
    second = post_request(api, item.pk, "same-key")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert RedemptionRequest.objects.count() == 1
    assert LoyaltyAccount.objects.get(client=rich_client).points_held == 100


def test_a_request_without_an_idempotency_key_is_refused(api_client_for, rich_client, website):
    item = RedemptionItemFactory(website=website)
    response = api_client_for(rich_client).post(REQUESTS, {"item_id": item.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert not RedemptionRequest.objects.exists()


def test_a_refused_request_names_the_reason_and_frees_the_key(api_client_for, client_user, website):
    item = RedemptionItemFactory(website=website, points_required=100)
    api = api_client_for(client_user)
    refused = post_request(api, item.pk, "retry-me")
    assert refused.status_code == 400
    assert refused.json()["code"] == "insufficient_points"
    assert refused.json()["errors"] == {"item_id": [refused.json()["detail"]]}
    points_give(client_user, 100)
    assert post_request(api, item.pk, "retry-me").status_code == 201


def test_an_item_of_another_website_is_404(api_client_for, rich_client, other_website):
    item = RedemptionItemFactory(website=other_website)
    response = post_request(api_client_for(rich_client), item.pk, "k")
    assert response.status_code == 404
    assert not RedemptionRequest.objects.exists()


def test_only_clients_request(api_client_for, admin, writer, website):
    item = RedemptionItemFactory(website=website)
    for user in (admin, writer):
        assert post_request(api_client_for(user), item.pk, "k").status_code == 403


def test_fulfillment_details_must_be_a_small_object(api_client_for, rich_client, website):
    item = RedemptionItemFactory(website=website)
    api = api_client_for(rich_client)
    for details in (["a list"], {"note": "x" * 3000}):
        response = post_request(api, item.pk, f"k-{len(str(details))}", fulfillment_details=details)
        assert response.status_code == 400
        assert "fulfillment_details" in response.json()["errors"]


# Reading -----------------------------------------------------------------------------------------


def test_clients_see_their_own_requests_and_admins_their_websites(
    api_client_for, rich_client, admin, website, other_website
):
    item = RedemptionItemFactory(website=website, points_required=10)
    mine = redemption_create(client=rich_client, item_id=item.pk)
    neighbour = client_of(website)
    points_give(neighbour, 10)
    theirs = redemption_create(client=neighbour, item_id=item.pk)
    foreigner = client_of(other_website)
    points_give(foreigner, 10)
    redemption_create(
        client=foreigner,
        item_id=RedemptionItemFactory(website=other_website, points_required=10).pk,
    )

    client_rows = api_client_for(rich_client).get(REQUESTS).json()["results"]
    admin_rows = api_client_for(admin).get(REQUESTS).json()["results"]
    assert [row["id"] for row in client_rows] == [mine.pk]
    assert {row["id"] for row in admin_rows} == {mine.pk, theirs.pk}
    assert api_client_for(rich_client).get(f"{REQUESTS}{theirs.pk}/").status_code == 404


def test_admins_filter_requests(api_client_for, rich_client, admin, website):
    product = RedemptionItemFactory(website=website, points_required=10)
    voucher = RedemptionItemFactory(
        website=website, redemption_type=RedemptionType.VOUCHER, points_required=10
    )
    pending = redemption_create(client=rich_client, item_id=product.pk)
    fulfilled = redemption_create(client=rich_client, item_id=voucher.pk)
    other_client = client_of(website)
    points_give(other_client, 10)
    rejected = redemption_create(client=other_client, item_id=product.pk)
    redemption_reject(redemption=rejected, rejected_by=admin, reason="No")
    RedemptionRequest.objects.filter(pk=rejected.pk).update(
        requested_at=timezone.now() - timedelta(days=10)
    )
    api = api_client_for(admin)

    def ids(**params):
        return {row["id"] for row in api.get(REQUESTS, params).json()["results"]}

    assert ids(status="pending") == {pending.pk}
    assert ids(redemption_type="voucher") == {fulfilled.pk}
    assert ids(item=product.pk) == {pending.pk, rejected.pk}
    assert ids(client=other_client.pk) == {rejected.pk}
    today = timezone.localdate()
    assert ids(date_from=str(today)) == {pending.pk, fulfilled.pk}
    assert ids(date_to=str(today - timedelta(days=1))) == {rejected.pk}


@override_settings(REPORTING_TIME_ZONE="Pacific/Auckland")
def test_date_filters_use_calendar_days_of_the_reporting_time_zone(
    api_client_for, rich_client, admin, website
):
    redemption = redemption_create(
        client=rich_client, item_id=RedemptionItemFactory(website=website, points_required=1).pk
    )
    # 2025-01-01 20:00 UTC is 2025-01-02 09:00 in Auckland.
    moment = datetime(2025, 1, 1, 20, 0, tzinfo=UTC)
    RedemptionRequest.objects.filter(pk=redemption.pk).update(requested_at=moment)
    api = api_client_for(admin)
    on_second = api.get(REQUESTS, {"date_from": "2025-01-02", "date_to": "2025-01-02"}).json()
    on_first = api.get(REQUESTS, {"date_from": "2025-01-01", "date_to": "2025-01-01"}).json()
    assert (on_second["count"], on_first["count"]) == (1, 0)


def test_the_request_list_takes_a_constant_number_of_queries(
    api_client_for, admin, website, django_assert_max_num_queries
):
    item = RedemptionItemFactory(website=website, points_required=1)
    for _ in range(30):
        client = client_of(website)
        points_give(client, 1)
        redemption = redemption_create(client=client, item_id=item.pk)
        redemption_approve(redemption=redemption, approved_by=admin)
    with django_assert_max_num_queries(5):
        response = api_client_for(admin).get(REQUESTS, {"limit": 100})
    assert response.json()["count"] == 30


# Decisions ---------------------------------------------------------------------------------------


@pytest.fixture
def pending(rich_client, website):
    item = RedemptionItemFactory(website=website, points_required=300, stock_quantity=2)
    return redemption_create(client=rich_client, item_id=item.pk)


def test_an_admin_approves_then_fulfils_with_tracking(api_client_for, admin, pending):
    api = api_client_for(admin)
    approved = api.post(
        f"{REQUESTS}{pending.pk}/approve/",
        {"note": "OK"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == {"id": admin.pk, "username": admin.username}
    fulfilled = api.post(
        f"{REQUESTS}{pending.pk}/fulfill/",
        {"fulfillment_details": {"tracking_number": "1Z"}},
        format="json",
    )
    assert fulfilled.status_code == 200
    body = fulfilled.json()
    assert body["status"] == "fulfilled"
    assert body["fulfillment_details"]["tracking_number"] == "1Z"
    assert body["fulfilled_by"]["id"] == admin.pk


def test_rejecting_needs_a_reason(api_client_for, admin, pending, rich_client):
    api = api_client_for(admin)
    missing = api.post(
        f"{REQUESTS}{pending.pk}/reject/", {}, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert missing.status_code == 400
    assert "reason" in missing.json()["errors"]
    rejected = api.post(
        f"{REQUESTS}{pending.pk}/reject/",
        {"reason": "Sold out"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["rejection_reason"]) == (
        "rejected",
        "Sold out",
    )
    assert rejected.json()["rejected_at"]
    assert LoyaltyAccount.objects.get(client=rich_client).points_held == 0


def test_a_stale_second_reviewer_gets_409_and_cannot_undo_the_first(
    api_client_for, admin, website, pending, rich_client
):
    first, second = api_client_for(admin), api_client_for(admin_of(website))
    assert (
        first.post(
            f"{REQUESTS}{pending.pk}/approve/",
            {},
            format="json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        ).status_code
        == 200
    )
    stale = second.post(
        f"{REQUESTS}{pending.pk}/reject/",
        {"reason": "No"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "invalid_redemption_transition"
    assert RedemptionRequest.objects.get(pk=pending.pk).status == "approved"
    assert LoyaltyTransaction.objects.filter(kind="release").count() == 0


def test_a_client_cancels_a_pending_request_but_not_an_approved_one(
    api_client_for, admin, rich_client, pending, website
):
    api = api_client_for(rich_client)
    cancelled = api.post(
        f"{REQUESTS}{pending.pk}/cancel/",
        {"reason": "Oops"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    another = redemption_create(client=rich_client, item_id=pending.item_id)
    redemption_approve(redemption=another, approved_by=admin)
    refused = api.post(
        f"{REQUESTS}{another.pk}/cancel/", {}, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert refused.status_code == 409
    by_admin = api_client_for(admin).post(
        f"{REQUESTS}{another.pk}/cancel/", {}, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert by_admin.status_code == 200
    assert LoyaltyAccount.objects.get(client=rich_client).points_balance == 1000


def test_clients_and_writers_cannot_decide(api_client_for, rich_client, writer, pending):
    for user in (rich_client, writer):
        api = api_client_for(user)
        for action in ("approve", "fulfill", "reject"):
            response = api.post(
                f"{REQUESTS}{pending.pk}/{action}/",
                {"reason": "x"},
                format="json",
                HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
            )
            assert response.status_code == 403
    assert api_client_for(writer).get(REQUESTS).status_code == 403


@pytest.mark.parametrize("action", ["approve", "fulfill", "reject", "cancel"])
def test_another_websites_admin_gets_404_on_every_decision(
    api_client_for, other_website, pending, action
):
    api = api_client_for(admin_of(other_website))
    response = api.post(
        f"{REQUESTS}{pending.pk}/{action}/",
        {"reason": "x"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 404
    assert RedemptionRequest.objects.get(pk=pending.pk).status == "pending"


def test_another_client_cannot_cancel_my_request(api_client_for, website, pending):
    response = api_client_for(client_of(website)).post(
        f"{REQUESTS}{pending.pk}/cancel/", {}, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("action", "body", "status"),
    [
        ("approve", {"note": "OK"}, "approved"),
        ("reject", {"reason": "Sold out"}, "rejected"),
        ("cancel", {"reason": "No longer needed"}, "cancelled"),
    ],
)
def test_a_decision_sent_twice_with_one_key_is_applied_once_and_replayed(
    api_client_for, admin, pending, rich_client, action, body, status
):
    api = api_client_for(admin)
    url = f"{REQUESTS}{pending.pk}/{action}/"
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="decide-once")
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="decide-once")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert first.json()["status"] == status
    assert LoyaltyTransaction.objects.filter(redemption=pending).count() == 2  # hold + decision


@pytest.mark.parametrize("action", ["approve", "reject", "cancel"])
def test_a_decision_without_an_idempotency_key_is_refused_and_changes_nothing(
    api_client_for, admin, pending, action
):
    response = api_client_for(admin).post(
        f"{REQUESTS}{pending.pk}/{action}/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert RedemptionRequest.objects.get(pk=pending.pk).status == "pending"


@pytest.mark.parametrize("action", ["approve", "reject", "cancel"])
def test_the_same_decision_again_under_a_new_key_is_409_and_moves_no_points(
    api_client_for, admin, pending, rich_client, action
):
    api = api_client_for(admin)
    url = f"{REQUESTS}{pending.pk}/{action}/"
    assert (
        api.post(url, {"reason": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="a").status_code == 200
    )
    account = LoyaltyAccount.objects.get(client=rich_client)
    again = api.post(url, {"reason": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_redemption_transition"
    after = LoyaltyAccount.objects.get(client=rich_client)
    assert (after.points_balance, after.points_held) == (
        account.points_balance,
        account.points_held,
    )
    assert LoyaltyTransaction.objects.filter(redemption=pending).count() == 2


def test_a_client_cancels_their_request_with_a_key_and_a_retry_replays(
    api_client_for, rich_client, pending
):
    api = api_client_for(rich_client)
    url = f"{REQUESTS}{pending.pk}/cancel/"
    first = api.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="oops")
    again = api.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="oops")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert LoyaltyTransaction.objects.filter(redemption=pending, kind="release").count() == 1
