"""Django admin: every payments model is listed, filterable and searchable; the ledger is
read-only; order payments are moved and discounts written only through the services.
"""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import TestCase
from django.urls import reverse

from core.invariants import violations
from core.models import IdempotencyKey
from order_payments_management.models import (
    Discount,
    DiscountUsage,
    OrderPayment,
    Wallet,
    WalletTransaction,
)
from order_payments_management.services import order_pay
from tests.accounts.factories import SuperAdminFactory
from tests.hardening.world import build_world
from tests.order_payments_management.factories import DiscountFactory, WalletFactory
from tests.order_payments_management.utils import idempotent_post
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

MODELS = [Wallet, WalletTransaction, OrderPayment, Discount, DiscountUsage, IdempotencyKey]


@pytest.fixture
def admin_site(client, api_client_for):
    order = OrderFactory()
    WalletFactory(user=order.client, balance=Decimal("300.00"))
    DiscountFactory(website=order.website, code="ADMIN10")
    order_pay(order=order, client=order.client, discount_code="ADMIN10")
    second = OrderFactory(website=order.website, client=order.client)
    idempotent_post(api_client_for(order.client), f"/api/v1/orders/{second.pk}/pay/")
    client.force_login(SuperAdminFactory())
    return client


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_each_model_has_a_searchable_filterable_list(admin_site, model):
    assert model.objects.exists()
    listing = admin_site.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert admin_site.get(_url(model, "changelist"), {"q": "a"}).status_code == 200
    change = admin_site.get(_url(model, "change", model.objects.first().pk))
    assert change.status_code == 200


@pytest.mark.parametrize(
    "model", [Wallet, WalletTransaction, OrderPayment, DiscountUsage, IdempotencyKey]
)
def test_rows_written_by_the_services_cannot_be_added_in_the_admin(admin_site, model):
    assert admin_site.get(_url(model, "add")).status_code == 403


def test_the_ledger_cannot_be_edited_or_deleted_in_the_admin(admin_site):
    entry = WalletTransaction.objects.first()
    response = admin_site.post(
        _url(WalletTransaction, "change", entry.pk), {"amount": "999.00", "reason": "edited"}
    )
    assert response.status_code == 403
    assert admin_site.post(_url(WalletTransaction, "delete", entry.pk)).status_code == 403
    entry.refresh_from_db()
    assert entry.amount != Decimal("999.00")


def test_a_code_added_in_the_admin_is_stored_upper_case_and_unique(admin_site):
    existing = Discount.objects.get()
    data = {
        "website": existing.website_id,
        "code": "admin10",
        "discount_type": "percent",
        "value": "5.00",
        "origin": "admin",
        "is_active": "on",
    }
    duplicate = admin_site.post(_url(Discount, "add"), data)
    assert duplicate.status_code == 200  # the form again, with the error
    assert Discount.objects.count() == 1
    created = admin_site.post(_url(Discount, "add"), {**data, "code": "fresh5"})
    assert created.status_code == 302
    assert Discount.objects.filter(code="FRESH5").exists()


def test_a_used_code_cannot_be_deleted_in_the_admin(admin_site):
    used = Discount.objects.get()
    assert admin_site.post(_url(Discount, "delete", used.pk)).status_code == 403


@pytest.fixture
def world(db):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_world()


@pytest.fixture
def superadmin_site(client, world):
    client.force_login(world.superadmin)
    return client


def _act(browser, action: str, payments, **extra):
    return browser.post(
        _url(OrderPayment, "changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in payments], "index": 0, **extra},
        follow=True,
    )


def test_confirming_a_manual_order_payment_asks_for_the_reference_and_pays_the_order(
    superadmin_site, world
):
    payment = world.a.payment_manual
    form = _act(superadmin_site, "confirm_selected", [payment])
    assert 'name="reference"' in form.content.decode()
    empty = _act(superadmin_site, "confirm_selected", [payment], apply="1", reference="")
    assert "This field is required" in empty.content.decode()
    done = _act(superadmin_site, "confirm_selected", [payment], apply="1", reference="BANK-42")
    assert "1 payment(s) confirmed." in done.content.decode()
    payment.refresh_from_db()
    assert (payment.status, payment.external_reference, payment.confirmed_by) == (
        "completed",
        "BANK-42",
        world.superadmin,
    )
    assert payment.order.status == "paid"
    assert violations() == []


def test_a_tip_payment_is_not_moved_by_the_order_payment_actions(superadmin_site, world):
    tip = world.a.tip_manual
    payment = tip.payment
    confirmed = _act(superadmin_site, "confirm_selected", [payment], apply="1", reference="X-1")
    assert f"Not confirmed: #{payment.pk}: A tip payment is moved by what it pays for" in (
        confirmed.content.decode()
    )
    cancelled = _act(superadmin_site, "cancel_selected", [payment])
    assert f"Not cancelled: #{payment.pk}" in cancelled.content.decode()
    payment.refresh_from_db()
    tip.refresh_from_db()
    assert (payment.status, tip.payment_status) == ("pending", "pending")


def test_refunding_an_order_payment_credits_the_wallet_and_cancels_the_order(
    superadmin_site, world
):
    payment = world.a.payment_completed
    wallet = world.a.wallet
    wallet.refresh_from_db()
    before = wallet.balance
    done = _act(superadmin_site, "refund_selected", [payment], apply="1", reason="Duplicate")
    assert "1 payment(s) refunded." in done.content.decode()
    payment.refresh_from_db()
    wallet.refresh_from_db()
    assert payment.status == "refunded"
    assert wallet.balance == before + payment.amount
    assert payment.order.status == "cancelled"
    again = _act(superadmin_site, "refund_selected", [payment], apply="1", reason="Twice")
    assert f"Not refunded: #{payment.pk}" in again.content.decode()
    wallet.refresh_from_db()
    assert wallet.balance == before + payment.amount
    assert violations() == []


def test_cancelling_a_pending_order_payment_leaves_the_order_unpaid(superadmin_site, world):
    payment = world.a.payment_manual
    done = _act(superadmin_site, "cancel_selected", [payment])
    assert "1 payment(s) cancelled." in done.content.decode()
    payment.refresh_from_db()
    assert (payment.status, payment.order.status) == ("cancelled", "unpaid")


def _discount_form(discount, **changes) -> dict:
    return {
        "code": discount.code,
        "description": discount.description,
        "discount_type": discount.discount_type,
        "value": str(discount.value),
        "max_uses": "",
        "per_user_limit": "",
        "min_order_value": "",
        "is_active": "on",
        **changes,
    }


def test_a_discounts_use_count_cannot_be_changed_in_the_admin(admin_site):
    used = Discount.objects.get()
    assert used.used_count == 1
    page = admin_site.get(_url(Discount, "change", used.pk)).content.decode()
    assert 'name="used_count"' not in page
    response = admin_site.post(
        _url(Discount, "change", used.pk), _discount_form(used, used_count="0", value="7.00")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    used.refresh_from_db()
    assert (used.used_count, used.value) == (1, Decimal("7.00"))


def test_a_discount_the_api_would_refuse_is_refused_in_the_admin(admin_site):
    existing = Discount.objects.get()
    data = {
        "website": existing.website_id,
        "code": "no!",
        "discount_type": "percent",
        "value": "5.00",
        "origin": "admin",
        "is_active": "on",
    }
    response = admin_site.post(_url(Discount, "add"), data)
    assert response.status_code == 200
    assert "A code is 3 to 40 letters" in response.content.decode()
    lowered = admin_site.post(
        _url(Discount, "change", existing.pk), _discount_form(existing, max_uses="0")
    )
    assert lowered.status_code == 200
    assert Discount.objects.count() == 1
    existing.refresh_from_db()
    assert existing.max_uses is None


def test_an_unused_discount_is_deleted_through_the_service(admin_site):
    existing = Discount.objects.get()
    spare = DiscountFactory(website=existing.website, code="SPARE5")
    response = admin_site.post(_url(Discount, "delete", spare.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Discount.objects.filter(pk=spare.pk).exists()
