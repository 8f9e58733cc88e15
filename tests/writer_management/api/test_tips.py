"""The tips API: sending, role views, filters, payment actions, earnings, tenancy, query counts."""

import uuid
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory, WriterFactory
from tests.orders.factories import OrderFactory
from tests.writer_management.conftest import balance, fund
from tests.writer_management.factories import ClassBundleFactory, TipFactory, WriterLevelFactory
from websites.selectors import website_own_time_zones
from writer_management.models import Tip

pytestmark = pytest.mark.django_db

TIPS = "/api/v1/writer-management/tips/"
EARNINGS = f"{TIPS}earnings/"

CLIENT_KEYS = {
    "audience",
    "id",
    "tip_type",
    "writer",
    "order_id",
    "class_bundle_id",
    "tip_amount",
    "tip_reason",
    "payment_method",
    "payment_status",
    "failure_reason",
    "sent_at",
    "updated_at",
}
WRITER_KEYS = {
    "audience",
    "id",
    "tip_type",
    "client",
    "order_id",
    "class_bundle_id",
    "amount_received",
    "tip_reason",
    "payment_status",
    "sent_at",
}
ADMIN_KEYS = {
    "audience",
    "id",
    "website",
    "client",
    "writer",
    "tip_type",
    "order_id",
    "class_bundle_id",
    "tip_amount",
    "tip_reason",
    "writer_level_id",
    "writer_level_name",
    "writer_percentage",
    "writer_earning",
    "platform_profit",
    "payment_method",
    "payment_status",
    "failure_reason",
    "payment",
    "sent_at",
    "updated_at",
}
SPLIT_KEYS = {"writer_earning", "platform_profit", "writer_percentage"}


def _key() -> str:
    return str(uuid.uuid4())


def _post(api, url, data=None, key: str | None = "auto"):
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": _key() if key == "auto" else key}
    return api.post(url, data or {}, format="json", **headers)


def _send(api_client_for, world, **data):
    body = {"writer_id": world.writer.pk, "tip_amount": "25.00", "tip_reason": "Thanks!", **data}
    return _post(api_client_for(world.client), TIPS, body)


# Sending a tip ----------------------------------------------------------------------------------


def test_a_client_sends_a_tip_and_gets_it_back_in_the_client_shape(api_client_for, world):
    response = _send(api_client_for, world)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == CLIENT_KEYS
    assert body["payment_status"] == "completed"
    assert body["tip_amount"] == 25.0
    assert body["tip_type"] == "direct"
    assert body["writer"] == {"id": world.writer.pk, "username": world.writer.username}
    assert Tip.objects.get(pk=body["id"]).writer_earning == Decimal("10.00")


def test_the_type_is_inferred_from_the_reference(api_client_for, world):
    order = OrderFactory(website=world.website, client=world.client, writer=world.writer)
    bundle = ClassBundleFactory(
        website=world.website, client=world.client, assigned_writer=world.writer
    )
    by_order = _send(api_client_for, world, order_id=order.pk).json()
    by_class = _send(api_client_for, world, class_bundle_id=bundle.pk).json()
    assert (by_order["tip_type"], by_order["order_id"]) == ("order", order.pk)
    assert (by_class["tip_type"], by_class["class_bundle_id"]) == ("class", bundle.pk)


def test_a_short_wallet_answers_201_with_the_tip_failed(api_client_for, world):
    response = _send(api_client_for, world, tip_amount="500.00")
    assert response.status_code == 201
    assert response.json()["payment_status"] == "failed"
    assert "Insufficient wallet balance" in response.json()["failure_reason"]


def test_a_manual_tip_answers_201_pending(api_client_for, world):
    response = _send(api_client_for, world, payment_method="manual")
    assert response.status_code == 201
    assert (response.json()["payment_status"], response.json()["payment_method"]) == (
        "pending",
        "manual",
    )
    assert balance(world.client) == Decimal("100.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"tip_amount": "1.005"}, "tip_amount"),
        ({"tip_amount": "0"}, "tip_amount"),
        ({"tip_amount": "0.50"}, "tip_amount"),
        ({"tip_amount": "5000.01"}, "tip_amount"),
        ({"tip_reason": ""}, "tip_reason"),
        ({"payment_method": "card"}, "payment_method"),
        ({"writer_id": None}, "writer_id"),
    ],
)
def test_invalid_input_is_400_naming_the_field(api_client_for, world, data, field):
    response = _send(api_client_for, world, **data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Tip.objects.exists()


def test_a_rule_refusal_is_400_naming_the_field_with_its_code(api_client_for, world):
    order = OrderFactory(website=world.website, client=world.client)  # another writer's
    response = _send(api_client_for, world, order_id=order.pk)
    assert response.status_code == 400
    assert response.json()["code"] == "order_writer_mismatch"
    assert "order_id" in response.json()["errors"]
    foreign_writer = _send(api_client_for, world, writer_id=WriterFactory().pk)
    assert (foreign_writer.status_code, foreign_writer.json()["code"]) == (400, "invalid_writer")
    self_tip = _send(api_client_for, world, writer_id=world.client.pk)
    assert (self_tip.json()["code"], list(self_tip.json()["errors"])) == ("self_tip", ["writer_id"])


def test_sending_a_tip_needs_an_idempotency_key(api_client_for, world):
    body = {"writer_id": world.writer.pk, "tip_amount": "5.00", "tip_reason": "Thanks"}
    response = _post(api_client_for(world.client), TIPS, body, key=None)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert not Tip.objects.exists()


def test_the_same_key_twice_creates_one_tip_and_replays_the_response(api_client_for, world):
    api = api_client_for(world.client)
    body = {"writer_id": world.writer.pk, "tip_amount": "5.00", "tip_reason": "Thanks"}
    first = _post(api, TIPS, body, key="tip-1")
    second = _post(api, TIPS, body, key="tip-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Tip.objects.count() == 1
    assert balance(world.client) == Decimal("95.00")
    reused = _post(api, TIPS, {**body, "tip_amount": "6.00"}, key="tip-1")
    assert reused.status_code == 422


@pytest.mark.parametrize("role", ["writer", "admin", "superadmin"])
def test_only_clients_send_tips(api_client_for, world, role):
    user = {
        "writer": world.writer,
        "admin": world.admin,
        "superadmin": SuperAdminFactory(),
    }[role]
    body = {"writer_id": world.writer.pk, "tip_amount": "5.00", "tip_reason": "Thanks"}
    assert _post(api_client_for(user), TIPS, body).status_code == 403


def test_anonymous_callers_get_401(api_client):
    assert api_client.get(TIPS).status_code == 401


def test_tips_cannot_be_edited_or_deleted(api_client_for, world):
    tip = TipFactory(website=world.website, client=world.client, writer=world.writer)
    url = f"{TIPS}{tip.pk}/"
    for api in (api_client_for(world.admin), api_client_for(SuperAdminFactory())):
        assert api.put(url, {"tip_amount": "1.00"}, format="json").status_code == 405
        assert api.patch(url, {"tip_amount": "1.00"}, format="json").status_code == 405
        assert api.delete(url).status_code == 405
    assert Tip.objects.filter(pk=tip.pk, tip_amount=Decimal("25.00")).exists()


# What each role sees ---------------------------------------------------------------------------------


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_client_sees_the_tips_they_sent_without_the_split(api_client_for, world):
    mine = TipFactory(website=world.website, client=world.client, writer=world.writer)
    TipFactory(website=world.website, writer=world.writer)  # another client's
    rows = _results(api_client_for(world.client).get(TIPS))
    assert [row["id"] for row in rows] == [mine.pk]
    assert set(rows[0]) == CLIENT_KEYS
    assert not SPLIT_KEYS & set(rows[0])
    detail = api_client_for(world.client).get(f"{TIPS}{mine.pk}/").json()
    assert set(detail) == CLIENT_KEYS


def test_a_writer_sees_only_their_share_of_the_tips_that_paid_them(api_client_for, world):
    paid = TipFactory(
        website=world.website,
        writer=world.writer,
        tip_amount=Decimal("50.00"),
        writer_percentage=Decimal("40"),
    )
    refunded = TipFactory(website=world.website, writer=world.writer, payment_status="refunded")
    TipFactory(website=world.website, writer=world.writer, payment_status="failed")
    TipFactory(
        website=world.website,
        writer=world.writer,
        payment_status="pending",
        payment_method="manual",
    )
    TipFactory(website=world.website)  # another writer's
    rows = _results(api_client_for(world.writer).get(TIPS))
    assert {row["id"] for row in rows} == {paid.pk, refunded.pk}
    row = next(row for row in rows if row["id"] == paid.pk)
    assert set(row) == WRITER_KEYS
    assert row["amount_received"] == 20.0
    assert not (SPLIT_KEYS | {"tip_amount"}) & set(row)
    detail = api_client_for(world.writer).get(f"{TIPS}{paid.pk}/").json()
    assert set(detail) == WRITER_KEYS


def test_an_admin_sees_every_field_of_their_websites_tips(api_client_for, world):
    tip = TipFactory(website=world.website, writer_level=world.level)
    TipFactory()  # another website's
    rows = _results(api_client_for(world.admin).get(TIPS))
    assert [row["id"] for row in rows] == [tip.pk]
    row = rows[0]
    assert set(row) == ADMIN_KEYS
    assert (row["writer_percentage"], row["writer_earning"], row["platform_profit"]) == (
        40.0,
        10.0,
        15.0,
    )
    assert (row["writer_level_id"], row["writer_level_name"]) == (world.level.pk, "Intermediate")
    assert row["payment"]["id"] == tip.payment_id


def test_each_role_reads_a_tip_with_the_audience_of_its_shape(api_client_for, world):
    tip = TipFactory(website=world.website, client=world.client, writer=world.writer)
    audiences = {
        role: [row["audience"] for row in _results(api_client_for(user).get(TIPS))]
        + [api_client_for(user).get(f"{TIPS}{tip.pk}/").json()["audience"]]
        for role, user in (
            ("client", world.client),
            ("writer", world.writer),
            ("admin", world.admin),
            ("superadmin", SuperAdminFactory()),
        )
    }
    assert audiences == {
        "client": ["client", "client"],
        "writer": ["writer", "writer"],
        "admin": ["admin", "admin"],
        "superadmin": ["admin", "admin"],
    }


def test_a_superadmin_sees_every_website_and_can_narrow_to_one(api_client_for, world):
    here = TipFactory(website=world.website)
    there = TipFactory()
    api = api_client_for(SuperAdminFactory())
    rows = _results(api.get(TIPS))
    assert {row["id"] for row in rows} == {here.pk, there.pk}
    assert set(rows[0]) == ADMIN_KEYS
    narrowed = _results(api.get(TIPS, {"website_id": there.website_id}))
    assert [row["id"] for row in narrowed] == [there.pk]
    assert api.get(TIPS, {"website_id": 987654}).status_code == 400


def test_an_admin_naming_another_website_gets_404(api_client_for, world):
    other = TipFactory()
    response = api_client_for(world.admin).get(TIPS, {"website_id": other.website_id})
    assert response.status_code == 404


def test_another_websites_tip_reads_as_404(api_client_for, world):
    foreign = TipFactory()
    for user in (world.admin, world.client, world.writer):
        assert api_client_for(user).get(f"{TIPS}{foreign.pk}/").status_code == 404


def test_another_clients_or_writers_tip_reads_as_404(api_client_for, world):
    tip = TipFactory(website=world.website)
    assert api_client_for(world.client).get(f"{TIPS}{tip.pk}/").status_code == 404
    assert api_client_for(world.writer).get(f"{TIPS}{tip.pk}/").status_code == 404


# Filters ---------------------------------------------------------------------------------------


def _ids(api, **params) -> set[int]:
    return {row["id"] for row in _results(api.get(TIPS, params))}


def test_filters_by_type_status_method_order_and_class_bundle(api_client_for, world):
    order = OrderFactory(website=world.website, client=world.client, writer=world.writer)
    bundle = ClassBundleFactory(
        website=world.website, client=world.client, assigned_writer=world.writer
    )
    direct = TipFactory(website=world.website, payment_status="failed")
    by_order = TipFactory(
        website=world.website, client=world.client, writer=world.writer, order=order
    )
    by_class = TipFactory(
        website=world.website,
        client=world.client,
        writer=world.writer,
        class_bundle=bundle,
        payment_method="manual",
        payment_status="pending",
    )
    api = api_client_for(world.admin)
    assert _ids(api, tip_type="direct") == {direct.pk}
    assert _ids(api, tip_type="order") == {by_order.pk}
    assert _ids(api, tip_type="class") == {by_class.pk}
    assert _ids(api, payment_status="failed") == {direct.pk}
    assert _ids(api, payment_method="manual") == {by_class.pk}
    assert _ids(api, order_id=order.pk) == {by_order.pk}
    assert _ids(api, class_bundle_id=bundle.pk) == {by_class.pk}
    assert api.get(TIPS, {"tip_type": "bonus"}).status_code == 400


@override_settings(REPORTING_TIME_ZONE="America/New_York")
def test_date_filters_are_inclusive_local_days_of_the_reporting_time_zone(api_client_for, world):
    # 03:30 UTC on 15 March is still the evening of 14 March in New York.
    late_on_the_14th = TipFactory(website=world.website, sent_at="2025-03-15T03:30:00Z")
    early_on_the_15th = TipFactory(website=world.website, sent_at="2025-03-15T04:30:00Z")
    on_the_16th = TipFactory(website=world.website, sent_at="2025-03-17T03:59:59Z")
    api = api_client_for(world.admin)
    assert _ids(api, date_to="2025-03-14") == {late_on_the_14th.pk}
    assert _ids(api, date_from="2025-03-15") == {early_on_the_15th.pk, on_the_16th.pk}
    assert _ids(api, date_from="2025-03-15", date_to="2025-03-15") == {early_on_the_15th.pk}
    assert _ids(api, date_from="2025-03-14", date_to="2025-03-16") == {
        late_on_the_14th.pk,
        early_on_the_15th.pk,
        on_the_16th.pk,
    }


def test_date_from_after_date_to_is_400_naming_date_from(api_client_for, world):
    response = api_client_for(world.admin).get(
        TIPS, {"date_from": "2025-03-16", "date_to": "2025-03-15"}
    )
    assert response.status_code == 400
    assert "date_from" in response.json()["errors"]
    assert api_client_for(world.admin).get(TIPS, {"date_from": "16/03"}).status_code == 400


# Retrying, confirming, refunding -------------------------------------------------------------------


def test_the_client_retries_a_failed_tip_after_a_top_up(api_client_for, world):
    tip_id = _send(api_client_for, world, tip_amount="150.00").json()["id"]
    api = api_client_for(world.client)
    still_short = _post(api, f"{TIPS}{tip_id}/process_payment/")
    assert still_short.status_code == 200
    assert still_short.json()["payment_status"] == "failed"
    fund(world.client, "50.00")
    paid = _post(api, f"{TIPS}{tip_id}/process_payment/")
    assert paid.status_code == 200
    assert set(paid.json()) == CLIENT_KEYS
    assert paid.json()["payment_status"] == "completed"
    again = _post(api, f"{TIPS}{tip_id}/process_payment/")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_tip_transition")


def test_retrying_needs_a_key_and_is_for_the_tips_client_only(api_client_for, world):
    tip_id = _send(api_client_for, world, tip_amount="150.00").json()["id"]
    url = f"{TIPS}{tip_id}/process_payment/"
    assert _post(api_client_for(world.client), url, key=None).status_code == 400
    assert _post(api_client_for(ClientFactory(website=world.website)), url).status_code == 404
    assert _post(api_client_for(ClientFactory()), url).status_code == 404
    assert _post(api_client_for(world.admin), url).status_code == 403
    assert _post(api_client_for(world.writer), url).status_code == 403


def test_an_admin_confirms_a_manual_tip(api_client_for, world):
    tip_id = _send(api_client_for, world, payment_method="manual").json()["id"]
    url = f"{TIPS}{tip_id}/confirm_payment/"
    assert _post(api_client_for(world.admin), url, {}).json()["errors"].keys() == {"reference"}
    response = _post(api_client_for(world.admin), url, {"reference": "BANK-7"})
    assert response.status_code == 200
    assert set(response.json()) == ADMIN_KEYS
    assert response.json()["payment_status"] == "completed"
    assert response.json()["payment"]["external_reference"] == "BANK-7"
    assert balance(world.writer) == Decimal("10.00")
    again = _post(api_client_for(world.admin), url, {"reference": "BANK-7b"})
    assert again.status_code == 409


def test_confirming_is_for_the_websites_admins(api_client_for, world):
    tip_id = _send(api_client_for, world, payment_method="manual").json()["id"]
    url = f"{TIPS}{tip_id}/confirm_payment/"
    body = {"reference": "BANK-7"}
    assert _post(api_client_for(world.client), url, body).status_code == 403
    assert _post(api_client_for(world.writer), url, body).status_code == 403
    assert _post(api_client_for(AdminFactory()), url, body).status_code == 404
    assert _post(api_client_for(world.admin), url, body, key=None).status_code == 400
    assert _post(api_client_for(SuperAdminFactory()), url, body).status_code == 200


def test_an_admin_refunds_a_tip_once(api_client_for, world):
    tip_id = _send(api_client_for, world).json()["id"]
    url = f"{TIPS}{tip_id}/refund/"
    assert _post(api_client_for(world.admin), url, {}).status_code == 400
    response = _post(api_client_for(world.admin), url, {"reason": "Disputed"})
    assert response.status_code == 200
    assert response.json()["payment_status"] == "refunded"
    assert response.json()["payment"]["refund_reason"] == "Disputed"
    assert (balance(world.client), balance(world.writer)) == (Decimal("100.00"), Decimal("0.00"))
    again = _post(api_client_for(world.admin), url, {"reason": "Disputed"})
    assert again.status_code == 409
    assert balance(world.client) == Decimal("100.00")


def test_a_refund_the_writer_cannot_cover_is_409_and_nothing_moves(api_client_for, world):
    from order_payments_management.models import WalletTransactionKind
    from order_payments_management.services import wallet_debit, wallet_get_or_create

    tip_id = _send(api_client_for, world).json()["id"]
    wallet_debit(
        wallet=wallet_get_or_create(user=world.writer, website=world.website),
        amount=Decimal("10.00"),
        kind=WalletTransactionKind.ADMIN_DEBIT,
    )
    response = _post(api_client_for(world.admin), f"{TIPS}{tip_id}/refund/", {"reason": "x"})
    assert (response.status_code, response.json()["code"]) == (409, "writer_balance_insufficient")
    assert (balance(world.client), balance(world.writer)) == (Decimal("75.00"), Decimal("0.00"))
    assert Tip.objects.get(pk=tip_id).payment_status == "completed"


def test_refunding_is_for_the_websites_admins(api_client_for, world):
    tip_id = _send(api_client_for, world).json()["id"]
    url = f"{TIPS}{tip_id}/refund/"
    body = {"reason": "Disputed"}
    assert _post(api_client_for(world.client), url, body).status_code == 403
    assert _post(api_client_for(world.writer), url, body).status_code == 403
    assert _post(api_client_for(AdminFactory()), url, body).status_code == 404


# Earnings --------------------------------------------------------------------------------------


@override_settings(REPORTING_TIME_ZONE="America/New_York")
def test_a_writer_sees_what_they_received_by_local_month(api_client_for, world):
    def received(amount, sent_at, status="completed"):
        TipFactory(
            website=world.website,
            writer=world.writer,
            tip_amount=Decimal(amount),
            writer_percentage=Decimal("50"),
            payment_status=status,
            sent_at=sent_at,
        )

    received("10.00", "2025-03-01T04:59:00Z")  # 23:59 on 28 February in New York
    received("20.00", "2025-03-01T05:00:00Z")  # 00:00 on 1 March
    received("30.00", "2025-03-31T12:00:00Z")
    received("99.00", "2025-03-10T12:00:00Z", status="refunded")
    received("77.00", "2025-03-11T12:00:00Z", status="failed")
    TipFactory(website=world.website, sent_at="2025-03-10T12:00:00Z")  # another writer's
    response = api_client_for(world.writer).get(EARNINGS)
    assert response.status_code == 200
    assert response.json() == {
        "tips_count": 3,
        "total_received": 30.0,
        "months": [
            {"month": "2025-03", "tips_count": 2, "amount_received": 25.0},
            {"month": "2025-02", "tips_count": 1, "amount_received": 5.0},
        ],
    }
    narrowed = api_client_for(world.writer).get(EARNINGS, {"date_from": "2025-03-01"}).json()
    assert narrowed["total_received"] == 25.0


def test_earnings_are_for_writers(api_client_for, world):
    for user in (world.client, world.admin, SuperAdminFactory()):
        assert api_client_for(user).get(EARNINGS).status_code == 403


def test_earnings_of_a_writer_without_tips_are_zero(api_client_for, world):
    assert api_client_for(world.writer).get(EARNINGS).json() == {
        "tips_count": 0,
        "total_received": 0.0,
        "months": [],
    }


# Query counts ----------------------------------------------------------------------------------


def _tips_for(world, count: int) -> None:
    level = WriterLevelFactory(website=world.website)
    for n in range(count):
        TipFactory(
            website=world.website,
            client=world.client,
            writer=world.writer,
            writer_level=level if n % 2 else None,
            sent_at=datetime(2025, 1 + n % 12, 1 + n % 28, tzinfo=ZoneInfo("UTC")),
        )


def _queries(api, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, {"limit": 100})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("client", TIPS),
        ("writer", TIPS),
        ("admin", TIPS),
        ("superadmin", TIPS),
        ("writer", EARNINGS),
    ],
)
def test_list_queries_do_not_grow_with_the_number_of_tips(api_client_for, world, role, url):
    user = SuperAdminFactory() if role == "superadmin" else getattr(world, role)
    api = api_client_for(user)
    # Earnings are per month of each website's calendar: the zones are read once and cached.
    website_own_time_zones()
    _tips_for(world, 5)
    with_5 = _queries(api, url)
    _tips_for(world, 45)
    with_50 = _queries(api, url)
    assert with_5 == with_50
    if url == TIPS:
        assert len(_results(api.get(TIPS, {"limit": 100}))) == 50
