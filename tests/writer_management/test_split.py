"""The split: the writer's share rounded half up to cents, the platform's the exact rest."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import CENT
from writer_management.selectors import tip_split

# Every amount from 0.01 to 1,000,000.00 and every percentage from 0.00 to 100.00, in cents.
amounts = st.integers(min_value=1, max_value=100_000_000).map(lambda cents: Decimal(cents) / 100)
percentages = st.integers(min_value=0, max_value=10_000).map(lambda bp: Decimal(bp) / 100)


@given(amount=amounts, percentage=percentages)
def test_the_split_adds_up_exactly_and_never_goes_negative(amount, percentage):
    writer_earning, platform_profit = tip_split(tip_amount=amount, writer_percentage=percentage)
    assert writer_earning + platform_profit == amount
    assert writer_earning >= 0
    assert platform_profit >= 0
    assert writer_earning == writer_earning.quantize(CENT)
    assert platform_profit == platform_profit.quantize(CENT)
    # Within half a cent of the exact share, rounding halves up.
    exact = amount * percentage / 100
    assert abs(writer_earning - exact) <= Decimal("0.005")
    assert writer_earning == exact.quantize(CENT, rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(
    ("amount", "percentage", "writer_earning", "platform_profit"),
    [
        ("25.00", "40.00", "10.00", "15.00"),
        ("10.00", "33.33", "3.33", "6.67"),
        ("0.05", "30.00", "0.02", "0.03"),  # 0.015 rounds half up
        ("0.01", "50.00", "0.01", "0.00"),  # 0.005 rounds half up
        ("0.01", "49.99", "0.00", "0.01"),
        ("100.00", "0.00", "0.00", "100.00"),
        ("100.00", "100.00", "100.00", "0.00"),
        ("1000000.00", "33.33", "333300.00", "666700.00"),
    ],
)
def test_split_examples(amount, percentage, writer_earning, platform_profit):
    assert tip_split(tip_amount=Decimal(amount), writer_percentage=Decimal(percentage)) == (
        Decimal(writer_earning),
        Decimal(platform_profit),
    )
