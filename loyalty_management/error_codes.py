"""Every error code loyalty management answers: points, tiers, badges and the redemption catalog (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    DUPLICATE = "duplicate"
    IN_USE = "in_use"
    INSUFFICIENT_POINTS = "insufficient_points"
    INVALID = "invalid"
    INVALID_BADGE_ID = "invalid_badge_id"
    INVALID_CATEGORY_ID = "invalid_category_id"
    INVALID_CLIENT_ID = "invalid_client_id"
    INVALID_REDEMPTION_TRANSITION = "invalid_redemption_transition"
    NOT_FOUND = "not_found"
    POINTS_OUT_OF_RANGE = "points_out_of_range"
    REQUIRED = "required"
    RESERVED_DETAIL_KEY = "reserved_detail_key"
    TIER_ORDER = "tier_order"
