"""Numbers and days in input: ASCII digits only, within what the column behind them holds."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework import serializers

import config.urls  # noqa: F401  (imports every app's API, so every serializer class exists)
from core import serializers as core_fields
from tests.accounts.factories import AdminFactory

# "\u0661\u0662" is 12 in Arabic-Indic digits, "\u06f1\u06f2" in Persian ones, "\uff11\uff12"
# in full-width ones; Python's int() and Decimal() read all of them as 12.
PROJECT_APPS = (
    "accounts",
    "admin_management",
    "class_management",
    "core",
    "fines",
    "loyalty_management",
    "order_payments_management",
    "orders",
    "websites",
    "writer_management",
)
# DRF's own field -> the shared field that must read it instead.
SHARED = {
    serializers.IntegerField: core_fields.IntegerField,
    serializers.DecimalField: core_fields.DecimalField,
    serializers.DateField: core_fields.DateField,
    serializers.DateTimeField: core_fields.DateTimeField,
}


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _input_serializers() -> list[type]:
    return sorted(
        {
            cls
            for cls in _subclasses(serializers.Serializer)
            if cls.__module__.split(".")[0] in PROJECT_APPS
            and not cls.__name__.endswith("Output")
            # a base to derive from (core's ModelSerializer), not a serializer of its own
            and not (issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"))  # noqa: TID251
        },
        key=lambda cls: f"{cls.__module__}.{cls.__name__}",
    )


def _writable_fields(serializer, prefix: str = ""):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        path = f"{prefix}{name}"
        child = getattr(field, "child", None)
        if isinstance(field, serializers.ListSerializer):
            yield from _writable_fields(field.child, f"{path}[].")
        elif isinstance(field, serializers.Serializer):
            yield from _writable_fields(field, f"{path}.")
        elif child is not None:
            yield f"{path}[]", child
        yield path, field


def test_the_input_serializers_are_found():
    names = {cls.__name__ for cls in _input_serializers()}
    assert {"OrderCreateInput", "DiscountInput", "WriterLevelInput", "TipCreateInput"} <= names


def test_every_input_reads_numbers_and_days_through_the_shared_fields():
    offenders = []
    for cls in _input_serializers():
        for path, field in _writable_fields(cls()):
            for drf_field, shared in SHARED.items():
                if isinstance(field, drf_field) and not isinstance(field, shared):
                    offenders.append(f"{cls.__module__}.{cls.__name__}.{path}")
    assert not offenders, f"Use core.serializers' fields for these inputs: {offenders}"


def test_every_integer_input_is_bounded_by_a_database_integer():
    unbounded = []
    for cls in _input_serializers():
        for path, field in _writable_fields(cls()):
            if not isinstance(field, serializers.IntegerField):
                continue
            clamps = hasattr(field, "low")  # the admin reports clamp instead of refusing
            within = (
                field.min_value is not None
                and field.max_value is not None
                and field.min_value >= -(2**63)
                and field.max_value <= 2**63 - 1
            )
            if not (within or clamps):
                unbounded.append(f"{cls.__name__}.{path}")
    assert not unbounded


def _read(field, value):
    field.bind("value", serializers.Serializer())
    return field.run_validation(value)


@pytest.mark.parametrize(
    "value",
    [
        "\u0661\u0662",
        "\u0661\u0662\u0663\u0664",
        "\uff11\uff12",
        "1_000",
        "12abc",
        "NaN",
        "",
        "1e3",
        True,
    ],
)
def test_an_integer_field_refuses_other_digits_and_other_spellings(value):
    with pytest.raises(serializers.ValidationError):
        _read(core_fields.IntegerField(), value)


@pytest.mark.parametrize(
    ("value", "read"), [("12", 12), (" 12 ", 12), ("-3", -3), (12, 12), (12.0, 12), ("12.0", 12)]
)
def test_an_integer_field_reads_ascii_integers(value, read):
    assert _read(core_fields.IntegerField(), value) == read


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 2**63])
def test_an_integer_field_refuses_what_an_integer_column_cannot_hold(value):
    with pytest.raises(serializers.ValidationError):
        _read(core_fields.IntegerField(), value)


def test_an_id_field_takes_64_bit_ids_only():
    assert _read(core_fields.IdField(), 2**40) == 2**40
    for value in (0, 2**63, "\u0663"):
        with pytest.raises(serializers.ValidationError):
            _read(core_fields.IdField(), value)


@pytest.mark.parametrize(
    "value",
    [
        "\u0661\u0662",
        "\u0661\u0662.\u0665\u0660",
        "\u06f1\u06f2",
        "\uff11\uff12",
        "1_000",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "12,50",
    ],
)
def test_the_money_field_refuses_other_digits_and_non_numbers(value):
    with pytest.raises(serializers.ValidationError):
        _read(core_fields.MoneyField(), value)


@pytest.mark.parametrize(
    ("value", "read"),
    [("12", Decimal("12")), ("12.50", Decimal("12.50")), (12.5, Decimal("12.5")), (7, Decimal(7))],
)
def test_the_money_field_reads_ascii_amounts(value, read):
    assert _read(core_fields.MoneyField(), value) == read


@pytest.mark.parametrize(
    "value",
    [
        "\u0662\u0660\u0662\u0665-\u0660\u0663-\u0660\u0661",
        "0001-01-01",
        "1899-12-31",
        "3000-01-01",
        "9999-12-31",
    ],
)
def test_the_date_field_refuses_other_digits_and_days_outside_1900_to_2999(value):
    with pytest.raises(serializers.ValidationError):
        _read(core_fields.DateField(), value)


def test_the_date_time_field_refuses_other_digits():
    with pytest.raises(serializers.ValidationError):
        _read(core_fields.DateTimeField(), "\u0662\u0660\u0662\u0665-01-01T00:00:00Z")
    assert _read(core_fields.DateTimeField(), "2025-01-01T00:00:00Z").year == 2025


def test_the_date_field_reads_iso_days_in_range():
    assert _read(core_fields.DateField(), "2999-12-31") == date(2999, 12, 31)
    assert _read(core_fields.DateField(), "1900-01-01") == date(1900, 1, 1)


# Through the API ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\u0661\u0662", "\u0661\u0662.\u0660\u0660", "\uff11\uff12"])
def test_a_money_amount_in_other_digits_is_a_400_naming_it(api_client_for, value):
    response = api_client_for(AdminFactory()).post(
        "/api/v1/order-payments/discounts/",
        {"code": "ARABIC12", "discount_type": "fixed", "value": value},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"value": ["A valid number is required."]}


@pytest.mark.django_db
def test_an_integer_in_other_digits_is_a_400_naming_it(api_client_for):
    response = api_client_for(AdminFactory()).post(
        "/api/v1/order-payments/discounts/",
        {"code": "ARABIC12", "discount_type": "fixed", "value": "5", "max_uses": "\u0661\u0662"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"max_uses"}
