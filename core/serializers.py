"""Serializer fields shared by every app's API.

Every number or day an input carries goes through the fields below: `IntegerField` and `IdField`
for integers, `DecimalField` (and `MoneyField` for money) for decimals, `DateField` for days and
`DateTimeField` for instants. They read ASCII digits only and stay within what the column behind
them holds, so bad input is a 400 naming the field, never a database error.
`tests/core/test_input_fields.py` fails when an input serializer uses DRF's own field instead.
"""

import copy
from datetime import date

from rest_framework import serializers

from core.filters import DATE_FORMAT_MESSAGE, DATE_RANGE_MESSAGE
from core.money import (
    CENT,
    HUNDRED,
    MONEY_DECIMAL_PLACES,
    MONEY_MAX_DIGITS,
    PERCENT_DECIMAL_PLACES,
    PERCENT_MAX_DIGITS,
)
from core.numbers import (
    INT32_MAX,
    INT32_MIN,
    INT64_MAX,
    is_ascii_decimal,
    is_ascii_integer,
)
from core.reporting import (
    DATE_MAX,
    DATE_MIN,
)
from core.roles import (
    closed_shape,
)


class ModelSerializer(serializers.ModelSerializer):  # noqa: TID251 - the one subclass
    # DRF's `ModelSerializer`, its fields built from the model once per class, then copied.
    # DRF rebuilds every field from the model for each serializer instance, about a third of a
    # small response's CPU; the fields depend only on the class (`Meta`, declared fields), so
    # each instance gets a deep copy of the class's first build instead. (No docstring: the API
    # docs would show it as the description of every serializer that has none.)

    def get_fields(self):
        cls = type(self)
        fields = cls.__dict__.get("_fields_built_once")
        if fields is None:
            fields = super().get_fields()
            cls._fields_built_once = fields
        return copy.deepcopy(fields)


class IntegerField(serializers.IntegerField):
    """An integer in ASCII digits, by default within a PostgreSQL `integer` column's range.

    A value meant for a `smallint` column names its own `max_value`, one for a `bigint` column
    (or an id: `IdField`) its own wider range.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", INT32_MIN)
        kwargs.setdefault("max_value", INT32_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> int:
        if isinstance(data, str) and not is_ascii_integer(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdField(IntegerField):
    """The id of an object named in input: a positive 64-bit integer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", INT64_MAX)
        super().__init__(**kwargs)


class DecimalField(serializers.DecimalField):
    """A decimal number in ASCII digits (DRF's own also reads "١٢" as 12); NaN, infinities refused."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not is_ascii_decimal(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class MoneyField(DecimalField):
    """A money amount in cents; a third decimal place is refused (400), never rounded away.

    Every money input is one: ASCII digits, at most 12 digits with 2 of them cents (the money
    column), at least 0.01 unless told otherwise.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        kwargs.setdefault("min_value", CENT)
        super().__init__(**kwargs)


class PercentageField(DecimalField):
    """A percentage input, 0.01 to 100.00 unless told otherwise; a third decimal place is 400."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", PERCENT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", PERCENT_DECIMAL_PLACES)
        kwargs.setdefault("min_value", CENT)
        kwargs.setdefault("max_value", HUNDRED)
        super().__init__(**kwargs)


class PercentageOutputField(serializers.DecimalField):
    """A percentage in a response: a JSON number with two decimal places."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", PERCENT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", PERCENT_DECIMAL_PLACES)
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)


DATE_RANGE_HELP = f"A day from {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()} (YYYY-MM-DD)."


class DateField(serializers.DateField):
    """A calendar day written `YYYY-MM-DD` in ASCII digits, from 1900-01-01 to 2999-12-31.

    Outside that range a day cannot take date arithmetic (a schedule, the end of a local day)
    without leaving what Python's dates hold.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["iso-8601"])
        kwargs.setdefault("error_messages", {"invalid": DATE_FORMAT_MESSAGE})
        kwargs["help_text"] = " ".join(filter(None, [kwargs.get("help_text"), DATE_RANGE_HELP]))
        super().__init__(**kwargs)

    def to_internal_value(self, value) -> date:
        if isinstance(value, str) and not value.isascii():
            self.fail("invalid", format="YYYY-MM-DD")
        day = super().to_internal_value(value)
        if not DATE_MIN <= day <= DATE_MAX:
            raise serializers.ValidationError(DATE_RANGE_MESSAGE, code="invalid")
        return day


class DateTimeField(serializers.DateTimeField):
    """An ISO 8601 instant in ASCII digits (DRF's own also reads other scripts' digits)."""

    def to_internal_value(self, value):
        if isinstance(value, str) and not value.isascii():
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]")
        return super().to_internal_value(value)


class MoneyOutputField(serializers.DecimalField):
    """A money amount rendered as a JSON number with cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS + 4)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        kwargs.setdefault("coerce_to_string", False)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class WebsiteBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class UserBriefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()


@closed_shape
class PartyBriefOutput(serializers.Serializer):
    """The other party of a row (a client's writer, a writer's client): never contact details."""

    id = serializers.IntegerField()
    username = serializers.CharField()
