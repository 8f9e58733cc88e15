"""Discount codes: when a code applies, what it takes off, its limits under concurrent use,
and how codes are created, changed and deleted.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import DomainError
from order_payments_management.exceptions import DiscountCodeTaken, DiscountInUse, InvalidDiscount
from order_payments_management.models import Discount, DiscountOrigin, DiscountUsage, OrderPayment
from order_payments_management.selectors import discount_quote
from order_payments_management.services import (
    discount_create,
    discount_delete,
    discount_update,
    order_pay,
)
from tests.accounts.factories import ClientFactory
from tests.order_payments_management.factories import (
    DiscountFactory,
    OrderPaymentFactory,
    WalletFactory,
)
from tests.order_payments_management.utils import run_concurrently
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _quote(discount, amount="120.00", user_id=None, code=None):
    return discount_quote(
        website_id=discount.website_id,
        code=code or discount.code,
        user_id=user_id or ClientFactory(website=discount.website).pk,
        amount=Decimal(amount),
    )[1]


# What a code takes off


@pytest.mark.parametrize(
    ("discount_type", "value", "amount", "expected"),
    [
        ("percent", "10.00", "120.00", "12.00"),
        ("percent", "12.50", "99.99", "12.50"),  # 12.49875 rounds half up
        ("percent", "15.00", "0.10", "0.02"),  # 0.015 rounds half up, never down
        ("percent", "100.00", "57.31", "57.31"),
        ("fixed", "15.00", "120.00", "15.00"),
        ("fixed", "15.00", "9.99", "9.99"),  # never more than the amount
    ],
)
def test_what_a_code_takes_off_is_rounded_half_up_to_cents(discount_type, value, amount, expected):
    discount = DiscountFactory(discount_type=discount_type, value=Decimal(value))
    assert _quote(discount, amount) == Decimal(expected)


def test_a_code_is_found_whatever_its_case_and_surrounding_spaces():
    discount = DiscountFactory(code="SUMMER10")
    assert _quote(discount, code="  summer10 ") == Decimal("12.00")


def test_a_code_of_another_website_does_not_exist_here():
    discount = DiscountFactory(code="THEIRS")
    with pytest.raises(InvalidDiscount) as refused:
        discount_quote(
            website_id=OrderFactory().website_id,
            code="THEIRS",
            user_id=ClientFactory().pk,
            amount=Decimal("10.00"),
        )
    assert refused.value.code == "discount_not_found"
    assert discount.pk


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"is_active": False}, "discount_inactive"),
        ({"valid_from": timezone.now() + timedelta(days=1)}, "discount_not_started"),
        ({"valid_until": timezone.now() - timedelta(seconds=1)}, "discount_expired"),
        ({"min_order_value": Decimal("120.01")}, "discount_min_order_value"),
        ({"max_uses": 3, "used_count": 3}, "discount_used_up"),
    ],
)
def test_a_code_that_does_not_apply_is_refused_naming_why(fields, code):
    discount = DiscountFactory(**fields)
    with pytest.raises(InvalidDiscount) as refused:
        _quote(discount)
    assert (refused.value.status_code, refused.value.field, refused.value.code) == (
        400,
        "discount_code",
        code,
    )


def test_the_minimum_order_value_itself_qualifies():
    discount = DiscountFactory(min_order_value=Decimal("120.00"))
    assert _quote(discount) == Decimal("12.00")


# Limits


def _order_with_funds(website, client=None):
    client = client or ClientFactory(website=website)
    if not client.wallets.exists():
        WalletFactory(user=client, balance=Decimal("1000.00"))
    return OrderFactory(website=website, client=client)


def test_the_per_user_limit_counts_each_clients_uses():
    discount = DiscountFactory(code="TWICE", per_user_limit=2)
    client = ClientFactory(website=discount.website)
    for _ in range(2):
        order = _order_with_funds(discount.website, client)
        order_pay(order=order, client=client, discount_code="TWICE")
    third = _order_with_funds(discount.website, client)
    with pytest.raises(InvalidDiscount) as refused:
        order_pay(order=third, client=client, discount_code="TWICE")
    assert refused.value.code == "discount_user_limit"

    other = _order_with_funds(discount.website)
    order_pay(order=other, client=other.client, discount_code="TWICE")
    assert DiscountUsage.objects.filter(discount=discount).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_one_use_code_applied_concurrently_is_used_once():
    discount = DiscountFactory(code="FIRSTONLY", max_uses=1)
    orders = [_order_with_funds(discount.website) for _ in range(5)]

    results = run_concurrently(
        [
            (lambda o=o: order_pay(order=o, client=o.client, discount_code="FIRSTONLY"))
            for o in orders
        ]
    )

    paid = [r for r in results if isinstance(r, OrderPayment)]
    refused = [r for r in results if isinstance(r, InvalidDiscount)]
    assert (len(paid), len(refused)) == (1, 4), results
    assert {r.code for r in refused} == {"discount_used_up"}
    discount.refresh_from_db()
    assert discount.used_count == 1
    assert DiscountUsage.objects.filter(discount=discount).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_once_per_client_code_used_concurrently_by_one_client_is_used_once():
    discount = DiscountFactory(code="ONCEEACH", per_user_limit=1)
    client = ClientFactory(website=discount.website)
    orders = [_order_with_funds(discount.website, client) for _ in range(4)]

    results = run_concurrently(
        [(lambda o=o: order_pay(order=o, client=client, discount_code="ONCEEACH")) for o in orders]
    )

    assert sum(isinstance(r, OrderPayment) for r in results) == 1, results
    assert DiscountUsage.objects.filter(discount=discount, user=client).count() == 1


# Creating, changing and deleting codes


def test_a_new_code_is_stored_upper_case():
    website = OrderFactory().website
    discount = discount_create(
        website=website, code=" spring-24 ", discount_type="percent", value=Decimal("5.00")
    )
    assert discount.code == "SPRING-24"
    assert discount.origin == DiscountOrigin.ADMIN


def test_a_code_is_unique_per_website_whatever_its_case():
    existing = DiscountFactory(code="SAVE5")
    with pytest.raises(DiscountCodeTaken) as taken:
        discount_create(
            website=existing.website, code="save5", discount_type="fixed", value=Decimal("5")
        )
    assert (taken.value.field, taken.value.code) == ("code", "duplicate")
    elsewhere = discount_create(
        website=OrderFactory().website, code="save5", discount_type="fixed", value=Decimal("5")
    )
    assert elsewhere.code == "SAVE5"


def test_a_loyalty_discount_gets_a_generated_unique_code():
    website = OrderFactory().website
    codes = {
        discount_create(
            website=website,
            discount_type="fixed",
            value=Decimal("10.00"),
            origin=DiscountOrigin.LOYALTY,
            max_uses=1,
            code_prefix="LOYAL",
        ).code
        for _ in range(3)
    }
    assert len(codes) == 3
    assert all(code.startswith("LOYAL-") for code in codes)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "no spaces"}, "code"),
        ({"code": "AB"}, "code"),
        ({"value": Decimal("0")}, "value"),
        ({"value": Decimal("100.01")}, "value"),
        ({"value": Decimal("1.005")}, "value"),
        ({"max_uses": 0}, "max_uses"),
        ({"per_user_limit": 0}, "per_user_limit"),
        (
            {
                "valid_from": timezone.now(),
                "valid_until": timezone.now() - timedelta(days=1),
            },
            "valid_until",
        ),
    ],
)
def test_a_discount_that_makes_no_sense_is_refused_naming_the_field(fields, field):
    arguments = {"code": "GOOD10", "discount_type": "percent", "value": Decimal("10.00")}
    arguments.update(fields)
    with pytest.raises(DomainError) as refused:
        discount_create(website=OrderFactory().website, **arguments)
    assert refused.value.field == field
    assert not Discount.objects.exists()


def test_the_use_limit_cannot_go_below_the_uses_already_made():
    discount = DiscountFactory(max_uses=10, used_count=4)
    with pytest.raises(DomainError) as refused:
        discount_update(discount=discount, max_uses=3)
    assert (refused.value.field, refused.value.code) == ("max_uses", "below_used_count")
    assert discount_update(discount=discount, max_uses=4).max_uses == 4


def test_renaming_a_code_to_one_taken_on_the_website_is_refused():
    first = DiscountFactory(code="ONE1")
    second = DiscountFactory(website=first.website, code="TWO2")
    with pytest.raises(DiscountCodeTaken):
        discount_update(discount=second, code="one1")
    second.refresh_from_db()
    assert second.code == "TWO2"


def test_an_unused_code_is_deleted_and_a_used_one_is_kept():
    unused = DiscountFactory()
    discount_delete(discount=unused)
    assert not Discount.objects.filter(pk=unused.pk).exists()

    used = DiscountFactory()
    payment = OrderPaymentFactory(website=used.website, discount=used)
    DiscountUsage.objects.create(
        discount=used, user=payment.client, payment=payment, applied_amount=Decimal("0.00")
    )
    with pytest.raises(DiscountInUse) as refused:
        discount_delete(discount=used)
    assert (refused.value.status_code, refused.value.code) == (409, "discount_in_use")
    assert Discount.objects.filter(pk=used.pk).exists()
