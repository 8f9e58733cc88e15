"""Serializer fields shared by every app's API."""

from rest_framework import serializers

from core.money import CENT, MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from core.roles import closed_shape


class MoneyField(serializers.DecimalField):
    """A money amount in cents; a third decimal place is refused (400), never rounded away."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        kwargs.setdefault("min_value", CENT)
        super().__init__(**kwargs)


class MoneyOutputField(serializers.DecimalField):
    """A money amount rendered as a JSON number with cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS + 4)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("coerce_to_string", False)
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
