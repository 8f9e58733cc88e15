from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from class_management.selectors import class_bundle_balance, class_installments_plan

cents = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n) / 100)


@given(balance=cents, count=st.integers(min_value=1, max_value=60))
def test_installment_parts_add_up_exactly_with_the_remainder_on_the_last(balance, count):
    assume(balance >= Decimal("0.01") * count)
    plan = class_installments_plan(
        balance=balance, count=count, interval_days=30, first_due_date=date(2025, 1, 1)
    )
    amounts = [amount for amount, _due in plan]
    assert sum(amounts) == balance
    assert all(amount == amount.quantize(Decimal("0.01")) for amount in amounts)
    assert all(amount > 0 for amount in amounts)
    assert len(set(amounts[:-1])) <= 1
    assert Decimal("0") <= amounts[-1] - amounts[0] < Decimal("0.01") * count


def test_due_dates_are_interval_days_apart():
    plan = class_installments_plan(
        balance=Decimal("100.00"), count=3, interval_days=14, first_due_date=date(2025, 1, 1)
    )
    assert plan == [
        (Decimal("33.33"), date(2025, 1, 1)),
        (Decimal("33.33"), date(2025, 1, 1) + timedelta(days=14)),
        (Decimal("33.34"), date(2025, 1, 1) + timedelta(days=28)),
    ]


@given(
    total=cents,
    deposit_share=st.integers(min_value=0, max_value=100),
    paid_share=st.integers(min_value=0, max_value=150),
)
def test_the_balance_is_never_negative(total, deposit_share, paid_share):
    deposit = (total * deposit_share / 100).quantize(Decimal("0.01"))
    paid = (total * paid_share / 100).quantize(Decimal("0.01"))
    balance = class_bundle_balance(total_price=total, deposit_paid=deposit, installments_paid=paid)
    assert balance >= 0
    assert balance == max(Decimal("0"), total - deposit - paid)
