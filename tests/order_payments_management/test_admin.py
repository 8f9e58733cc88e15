"""Django admin: every payments model is listed, filterable and searchable; the ledger is
read-only.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

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
