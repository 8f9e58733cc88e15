"""The orjson renderer writes exactly what DRF's JSON renderer wrote."""

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from core.renderers import FastJSONRenderer

VALUES = [
    {"amount": Decimal("12.50"), "share": Decimal("0.01"), "count": 3},
    {"sent_at": datetime(2026, 12, 5, 14, 3, 7, 123456, tzinfo=UTC), "day": date(2026, 12, 5)},
    {"local": datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("America/New_York"))},
    {"id": uuid.UUID("12345678-1234-5678-1234-567812345678"), "label": gettext_lazy("Tips")},
    {1: "integer key", "nested": [{"ü": "naïve ✓"}, None, True, 1.5]},
    {"waited": timedelta(seconds=90)},
    [],
]


@pytest.mark.parametrize("value", VALUES)
def test_the_fast_renderer_writes_the_same_bytes_as_drf(value):
    assert FastJSONRenderer().render(value) == JSONRenderer().render(value)


def test_a_value_orjson_does_not_know_is_encoded_not_dropped():
    class Money:
        def __init__(self, cents):
            self.cents = cents

        def __iter__(self):
            return iter([self.cents])

    assert FastJSONRenderer().render({"m": Money(5)}) == b'{"m":[5]}'
