"""Payments API: admins list and filter, confirm manual payments and refund; clients read theirs."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from order_payments_management.models import (
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
    WalletTransactionKind,
)
from order_payments_management.services import order_pay
from orders.models import OrderStatus
from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)
from tests.order_payments_management.factories import (
    DiscountFactory,
    OrderPaymentFactory,
    WalletFactory,
)
from tests.order_payments_management.utils import assert_list_queries_constant, idempotent_post
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

PAYMENTS = "/api/v1/order-payments/payments/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def _paid_order(balance="500.00"):
    order = OrderFactory()
    wallet = WalletFactory(user=order.client, balance=Decimal(balance))
    payment = order_pay(order=order, client=order.client)
    return payment, wallet


def _manual_payment():
    order = OrderFactory()
    return order_pay(order=order, client=order.client, method=PaymentMethod.MANUAL)


# Listing and reading


def test_an_admin_lists_their_websites_payments_only(api_client_for):
    admin = AdminFactory()
    ours = OrderPaymentFactory.create_batch(2, website=admin.website)
    OrderPaymentFactory()
    assert _ids(api_client_for(admin).get(PAYMENTS)) == {p.pk for p in ours}


def test_a_client_lists_and_reads_only_their_own_payments(api_client_for):
    mine = OrderPaymentFactory()
    theirs = OrderPaymentFactory(website=mine.website)
    api = api_client_for(mine.client)
    assert _ids(api.get(PAYMENTS)) == {mine.pk}
    detail = api.get(f"{PAYMENTS}{mine.pk}/")
    assert detail.status_code == 200
    assert detail.json()["reference"] == mine.reference
    assert api.get(f"{PAYMENTS}{theirs.pk}/").status_code == 404


def test_writers_may_not_list_payments(api_client_for):
    writer = WriterFactory()
    assert api_client_for(writer).get(PAYMENTS).status_code == 403


def test_an_admin_reading_another_websites_payment_gets_404(api_client_for):
    payment = OrderPaymentFactory()
    response = api_client_for(AdminFactory()).get(f"{PAYMENTS}{payment.pk}/")
    assert response.status_code == 404


def test_a_superadmin_lists_every_website_and_narrows_to_one(api_client_for):
    first, second = OrderPaymentFactory(), OrderPaymentFactory()
    api = api_client_for(SuperAdminFactory())
    assert _ids(api.get(PAYMENTS)) == {first.pk, second.pk}
    assert _ids(api.get(PAYMENTS, {"website_id": first.website_id})) == {first.pk}


def test_payments_filter_by_status_type_method_client_order_and_date(api_client_for):
    admin = AdminFactory()
    website = admin.website
    completed = OrderPaymentFactory(website=website)
    pending_manual = OrderPaymentFactory(
        website=website, status=PaymentStatus.PENDING, method=PaymentMethod.MANUAL
    )
    tip = OrderPaymentFactory(website=website, payment_type=PaymentType.TIP)
    old = OrderPaymentFactory(website=website)
    OrderPayment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    api = api_client_for(admin)

    assert _ids(api.get(PAYMENTS, {"status": "pending"})) == {pending_manual.pk}
    assert _ids(api.get(PAYMENTS, {"payment_type": "tip"})) == {tip.pk}
    assert _ids(api.get(PAYMENTS, {"method": "manual"})) == {pending_manual.pk}
    assert _ids(api.get(PAYMENTS, {"client_id": completed.client_id})) == {completed.pk}
    assert _ids(api.get(PAYMENTS, {"order_id": completed.order_id})) == {completed.pk}
    month_ago = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert _ids(api.get(PAYMENTS, {"date_to": month_ago})) == {old.pk}
    assert old.pk not in _ids(api.get(PAYMENTS, {"date_from": month_ago}))


@override_settings(REPORTING_TIME_ZONE="America/New_York")
def test_payment_dates_are_local_days_of_the_reporting_time_zone(api_client_for):
    admin = AdminFactory()
    late_on_the_1st = OrderPaymentFactory(website=admin.website)
    # 23:30 on 1 March in New York is 04:30 on 2 March in UTC.
    OrderPayment.objects.filter(pk=late_on_the_1st.pk).update(
        created_at=datetime(2025, 3, 2, 4, 30, tzinfo=UTC)
    )
    api = api_client_for(admin)

    assert _ids(api.get(PAYMENTS, {"date_to": "2025-03-01"})) == {late_on_the_1st.pk}
    the_1st = {"date_from": "2025-03-01", "date_to": "2025-03-01"}
    assert _ids(api.get(PAYMENTS, the_1st)) == {late_on_the_1st.pk}
    assert _ids(api.get(PAYMENTS, {"date_from": "2025-03-02"})) == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"payment_type": "gift"}, "payment_type"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2025-02-30"}, "date_to"),
        ({"date_from": "2025-03-02", "date_to": "2025-03-01"}, "date_from"),
        ({"client_id": "abc"}, "client_id"),
    ],
)
def test_a_bad_filter_is_400_naming_it(api_client_for, params, field):
    response = api_client_for(AdminFactory()).get(PAYMENTS, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_listing_payments_costs_the_same_queries_for_1_or_30_rows(api_client_for):
    admin = AdminFactory()

    def add_rows(n):
        for _ in range(n):
            discount = DiscountFactory(website=admin.website)
            OrderPaymentFactory(
                website=admin.website,
                discount=discount,
                original_amount=Decimal("120.00"),
                discount_amount=Decimal("12.00"),
            )

    assert_list_queries_constant(api_client_for(admin), PAYMENTS, add_rows, most=4)


def test_a_client_listing_their_payments_costs_the_same_queries_for_1_or_30(api_client_for):
    client = ClientFactory()
    assert_list_queries_constant(
        api_client_for(client),
        PAYMENTS,
        lambda n: OrderPaymentFactory.create_batch(n, client=client),
        most=4,
    )


# Confirming manual payments


def test_an_admin_confirms_a_manual_payment_and_the_order_becomes_paid(api_client_for):
    payment = _manual_payment()
    admin = AdminFactory(website=payment.website)
    response = idempotent_post(
        api_client_for(admin), f"{PAYMENTS}{payment.pk}/confirm/", {"reference": "BANK-9"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["external_reference"], body["confirmed_by_id"]) == (
        "completed",
        "BANK-9",
        admin.pk,
    )
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.PAID


def test_confirming_needs_a_reference(api_client_for):
    payment = _manual_payment()
    api = api_client_for(AdminFactory(website=payment.website))
    for data in ({}, {"reference": "  "}):
        response = idempotent_post(api, f"{PAYMENTS}{payment.pk}/confirm/", data)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["reference"]


def test_confirming_a_wallet_payment_or_a_completed_one_is_409(api_client_for):
    wallet_payment, _ = _paid_order()
    api = api_client_for(AdminFactory(website=wallet_payment.website))
    refused = idempotent_post(api, f"{PAYMENTS}{wallet_payment.pk}/confirm/", {"reference": "R-1"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_manual_payment"

    manual = OrderPaymentFactory(website=wallet_payment.website, method=PaymentMethod.MANUAL)
    twice = idempotent_post(api, f"{PAYMENTS}{manual.pk}/confirm/", {"reference": "R-2"})
    assert twice.status_code == 409
    assert twice.json()["code"] == "invalid_payment_transition"


def test_confirming_another_websites_payment_is_404(api_client_for):
    payment = _manual_payment()
    response = idempotent_post(
        api_client_for(AdminFactory()), f"{PAYMENTS}{payment.pk}/confirm/", {"reference": "R"}
    )
    assert response.status_code == 404
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_clients_may_not_confirm_their_own_manual_payment(api_client_for):
    payment = _manual_payment()
    response = idempotent_post(
        api_client_for(payment.client), f"{PAYMENTS}{payment.pk}/confirm/", {"reference": "R"}
    )
    assert response.status_code == 403


def test_confirming_needs_an_idempotency_key(api_client_for):
    payment = _manual_payment()
    response = api_client_for(AdminFactory(website=payment.website)).post(
        f"{PAYMENTS}{payment.pk}/confirm/", {"reference": "R"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


# Refunds


def test_an_admin_refunds_a_completed_order_payment_exactly_once(api_client_for):
    payment, wallet = _paid_order()
    api = api_client_for(AdminFactory(website=payment.website))
    url = f"{PAYMENTS}{payment.pk}/refund/"
    response = idempotent_post(api, url, {"reason": "Writer unavailable"})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["refund_reason"]) == (
        "refunded",
        "Writer unavailable",
    )
    again = idempotent_post(api, url, {"reason": "Writer unavailable"})
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_payment_transition"
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("500.00")
    assert wallet.transactions.filter(kind=WalletTransactionKind.REFUND).count() == 1


def test_a_refund_retried_with_the_same_key_is_replayed_not_refused(api_client_for):
    payment, wallet = _paid_order()
    api = api_client_for(AdminFactory(website=payment.website))
    url = f"{PAYMENTS}{payment.pk}/refund/"
    first = idempotent_post(api, url, {"reason": "Cancelled"}, key="refund-1")
    retry = idempotent_post(api, url, {"reason": "Cancelled"}, key="refund-1")
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("500.00")


def test_refunding_needs_a_reason(api_client_for):
    payment, _ = _paid_order()
    api = api_client_for(AdminFactory(website=payment.website))
    response = idempotent_post(api, f"{PAYMENTS}{payment.pk}/refund/", {"reason": ""})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]


def test_a_pending_payment_cannot_be_refunded(api_client_for):
    payment = _manual_payment()
    api = api_client_for(AdminFactory(website=payment.website))
    response = idempotent_post(api, f"{PAYMENTS}{payment.pk}/refund/", {"reason": "x"})
    assert response.status_code == 409


def test_a_tip_payment_is_not_refunded_here(api_client_for):
    tip = OrderPaymentFactory(payment_type=PaymentType.TIP)
    api = api_client_for(AdminFactory(website=tip.website))
    response = idempotent_post(api, f"{PAYMENTS}{tip.pk}/refund/", {"reason": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "not_an_order_payment"


def test_refunding_another_websites_payment_is_404(api_client_for):
    payment, wallet = _paid_order()
    response = idempotent_post(
        api_client_for(AdminFactory()), f"{PAYMENTS}{payment.pk}/refund/", {"reason": "x"}
    )
    assert response.status_code == 404
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("380.00")


@pytest.mark.parametrize("role", ["client", "writer"])
def test_only_admins_refund(api_client_for, role):
    payment, _ = _paid_order()
    user = payment.client if role == "client" else WriterFactory(website=payment.website)
    response = idempotent_post(
        api_client_for(user), f"{PAYMENTS}{payment.pk}/refund/", {"reason": "x"}
    )
    assert response.status_code == 403


def test_refunding_needs_an_idempotency_key(api_client_for):
    payment, _ = _paid_order()
    response = api_client_for(AdminFactory(website=payment.website)).post(
        f"{PAYMENTS}{payment.pk}/refund/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


# Cancelling


def test_the_client_cancels_their_pending_manual_payment_and_may_pay_again(api_client_for):
    payment = _manual_payment()
    api = api_client_for(payment.client)
    response = api.post(f"{PAYMENTS}{payment.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    WalletFactory(user=payment.client, balance=Decimal("200.00"))
    paid = idempotent_post(api, f"/api/v1/orders/{payment.order_id}/pay/")
    assert paid.status_code == 201


def test_an_admin_cancels_a_pending_payment_but_not_a_completed_one(api_client_for):
    pending = _manual_payment()
    admin = AdminFactory(website=pending.website)
    api = api_client_for(admin)
    assert api.post(f"{PAYMENTS}{pending.pk}/cancel/").status_code == 200
    completed = OrderPaymentFactory(website=admin.website)
    refused = api.post(f"{PAYMENTS}{completed.pk}/cancel/")
    assert refused.status_code == 409


def test_cancelling_someone_elses_payment_is_404(api_client_for):
    payment = _manual_payment()
    stranger = ClientFactory(website=payment.website)
    assert api_client_for(stranger).post(f"{PAYMENTS}{payment.pk}/cancel/").status_code == 404
    assert api_client_for(AdminFactory()).post(f"{PAYMENTS}{payment.pk}/cancel/").status_code == 404


def test_writers_may_not_cancel_payments(api_client_for):
    payment = _manual_payment()
    writer = WriterFactory(website=payment.website)
    assert api_client_for(writer).post(f"{PAYMENTS}{payment.pk}/cancel/").status_code == 403


# Payments of tips and classes move only with what they pay for


def _manual_tip():
    from writer_management.services import tip_create

    client = ClientFactory()
    writer = WriterFactory(website=client.website)
    return tip_create(
        client=client,
        writer_id=writer.pk,
        tip_amount=Decimal("20.00"),
        tip_reason="Thanks",
        payment_method=PaymentMethod.MANUAL,
    )


def _failed_wallet_tip():
    from writer_management.services import tip_create

    client = ClientFactory()
    writer = WriterFactory(website=client.website)
    return tip_create(
        client=client, writer_id=writer.pk, tip_amount=Decimal("20.00"), tip_reason="Thanks"
    )


def test_confirming_a_tips_payment_here_is_409_and_leaves_the_tip_payable(api_client_for):
    tip = _manual_tip()
    api = api_client_for(AdminFactory(website=tip.website))
    refused = idempotent_post(api, f"{PAYMENTS}{tip.payment_id}/confirm/", {"reference": "B-1"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_an_order_payment"
    tip.payment.refresh_from_db()
    assert tip.payment.status == PaymentStatus.PENDING
    confirmed = idempotent_post(
        api,
        f"/api/v1/writer-management/tips/{tip.pk}/confirm_payment/",
        {"reference": "B-1"},
    )
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["payment_status"] == "completed"


@pytest.mark.parametrize("role", ["client", "admin"])
def test_cancelling_a_tips_payment_here_is_409_and_changes_nothing(api_client_for, role):
    tip = _manual_tip()
    user = tip.client if role == "client" else AdminFactory(website=tip.website)
    refused = api_client_for(user).post(f"{PAYMENTS}{tip.payment_id}/cancel/")
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_an_order_payment"
    tip.refresh_from_db()
    tip.payment.refresh_from_db()
    assert (tip.payment_status, tip.payment.status) == ("pending", PaymentStatus.PENDING)


def test_a_failed_wallet_tips_payment_cannot_be_cancelled_here_so_its_retry_still_works(
    api_client_for,
):
    tip = _failed_wallet_tip()
    assert tip.payment_status == "failed"
    api = api_client_for(tip.client)
    assert api.post(f"{PAYMENTS}{tip.payment_id}/cancel/").status_code == 409
    WalletFactory(user=tip.client, balance=Decimal("50.00"))
    retried = idempotent_post(api, f"/api/v1/writer-management/tips/{tip.pk}/process_payment/")
    assert retried.status_code == 200, retried.json()
    assert retried.json()["payment_status"] == "completed"


@pytest.mark.parametrize(
    "payment_type",
    [PaymentType.TIP, PaymentType.CLASS_DEPOSIT, PaymentType.CLASS_INSTALLMENT],
)
def test_other_payment_types_are_neither_confirmed_nor_cancelled_here(api_client_for, payment_type):
    payment = OrderPaymentFactory(
        payment_type=payment_type, method=PaymentMethod.MANUAL, status=PaymentStatus.PENDING
    )
    api = api_client_for(AdminFactory(website=payment.website))
    confirm = idempotent_post(api, f"{PAYMENTS}{payment.pk}/confirm/", {"reference": "B-2"})
    cancel = api.post(f"{PAYMENTS}{payment.pk}/cancel/")
    assert (confirm.status_code, cancel.status_code) == (409, 409)
    assert {confirm.json()["code"], cancel.json()["code"]} == {"not_an_order_payment"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
