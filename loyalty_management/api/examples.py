"""OpenAPI examples of the loyalty API, shaped like real responses (a test compares them)."""

from drf_spectacular.utils import OpenApiExample

CATEGORY = {
    "id": 3,
    "website_id": 1,
    "name": "Merchandise",
    "description": "Things we ship to you.",
    "is_active": True,
    "sort_order": 40,
    "created_at": "2025-03-02T10:15:04.118273Z",
    "updated_at": "2025-03-02T10:15:04.118290Z",
}

ITEM_FOR_CLIENT = {
    "id": 7,
    "website_id": 1,
    "category": 3,
    "category_name": "Merchandise",
    "name": "Branded hoodie",
    "description": "A warm hoodie with the site's logo, shipped to you.",
    "points_required": 1200,
    "redemption_type": "product",
    "discount_amount": None,
    "discount_percentage": None,
    "cash_amount": None,
    "stock_quantity": 18,
    "total_redemptions": 2,
    "max_per_client": 1,
    "min_tier_level": 0,
    "image_url": "https://cdn.example.com/rewards/hoodie.png",
    "is_active": True,
    "is_available": True,
    "can_redeem": {
        "can_redeem": False,
        "reason": "insufficient_points",
        "message": "This reward needs 1200 points; you have 830 available (370 missing).",
        "points_missing": 370,
    },
    "created_at": "2025-03-02T10:15:04.201337Z",
    "updated_at": "2025-03-02T10:15:04.201351Z",
}

REQUEST_PENDING = {
    "id": 41,
    "client": {"id": 12, "username": "client_alpha_2"},
    "item": {"id": 7, "name": "Branded hoodie", "redemption_type": "product"},
    "points_used": 1200,
    "status": "pending",
    "fulfillment_code": "",
    "fulfillment_details": {"shipping_address": "12 Elm Street, Springfield"},
    "rejection_reason": "",
    "requested_at": "2025-03-04T08:01:12.503417Z",
    "approved_at": None,
    "approved_by": None,
    "approved_by_policy_id": None,
    "review_reasons": ["points_above_limit"],
    "sla_due_at": "2025-03-05T08:01:12.503417Z",
    "overdue": False,
    "sla_breached_at": None,
    "fulfilled_at": None,
    "fulfilled_by": None,
    "rejected_at": None,
    "cancelled_at": None,
}

REQUEST_DISCOUNT_FULFILLED = {
    "id": 42,
    "client": {"id": 12, "username": "client_alpha_2"},
    "item": {"id": 2, "name": "$10 off your next order", "redemption_type": "discount"},
    "points_used": 500,
    "status": "fulfilled",
    "fulfillment_code": "LOYALTY-QWHZKMTE",
    "fulfillment_details": {
        "discount_id": 9,
        "discount_type": "fixed",
        "discount_value": "10.00",
        "valid_until": "2025-06-02T08:03:40.018811+00:00",
    },
    "rejection_reason": "",
    "requested_at": "2025-03-04T08:03:40.018811Z",
    "approved_at": "2025-03-04T08:03:40.021902Z",
    "approved_by": None,
    "approved_by_policy_id": None,
    "review_reasons": None,
    "sla_due_at": "2025-03-05T08:03:40.018811Z",
    "overdue": False,
    "sla_breached_at": None,
    "fulfilled_at": "2025-03-04T08:03:40.052710Z",
    "fulfilled_by": None,
    "rejected_at": None,
    "cancelled_at": None,
}

# What the requesting client reads: not which admin approved or fulfilled it.
_ADMIN_ONLY_REQUEST_FIELDS = (
    "approved_by",
    "fulfilled_by",
    "approved_by_policy_id",
    "review_reasons",
    "sla_due_at",
    "overdue",
    "sla_breached_at",
)
REQUEST_PENDING_CLIENT = {
    k: v for k, v in REQUEST_PENDING.items() if k not in _ADMIN_ONLY_REQUEST_FIELDS
}
REQUEST_DISCOUNT_FULFILLED_CLIENT = {
    k: v for k, v in REQUEST_DISCOUNT_FULFILLED.items() if k not in _ADMIN_ONLY_REQUEST_FIELDS
}

TIER = {
    "id": 2,
    "website_id": 1,
    "name": "Silver",
    "rank": 2,
    "min_lifetime_points": 500,
    "multiplier": 1.1,
    "perks": ["10% more points on every payment"],
    "created_at": "2025-03-02T10:15:03.907611Z",
    "updated_at": "2025-03-02T10:15:03.907622Z",
}

BADGE = {
    "id": 1,
    "website_id": 1,
    "name": "First order",
    "description": "Paid for a first order.",
    "icon": "🎉",
    "is_active": True,
    "created_at": "2025-03-02T10:15:03.961530Z",
    "updated_at": "2025-03-02T10:15:03.961544Z",
}

MILESTONE = {
    "id": 1,
    "website_id": 1,
    "name": "First order",
    "description": "Pay for your first order.",
    "kind": "orders_paid",
    "threshold": 1.0,
    "badge": {"id": 1, "name": "First order", "icon": "🎉"},
    "bonus_points": 50,
    "is_active": True,
    "created_at": "2025-03-02T10:15:03.979118Z",
    "updated_at": "2025-03-02T10:15:03.979131Z",
}

SETTINGS = {
    "website_id": 1,
    "points_per_currency_unit": 1.0,
    "points_expiry_months": 12,
    "is_active": True,
    "review_sla_hours": 24,
    "updated_at": "2025-03-02T10:15:03.885502Z",
}

POLICY = {
    "id": 3,
    "website_id": 1,
    "name": "Small goods for regulars",
    "is_active": True,
    "item_types": ["product"],
    "max_points": 1500,
    "min_tier_rank": 2,
    "min_account_age_days": 30,
    "max_recent_requests": 2,
    "recent_days": 30,
    "max_refund_rate": 10.0,
    "created_at": "2025-03-02T10:15:03.979118Z",
    "updated_at": "2025-03-02T10:15:03.979131Z",
}

DRY_RUN = {
    "days": 30,
    "requests": 120,
    "would_approve": 87,
    "would_leave_for_review": 33,
    "refusals": {"points_above_limit": 21, "tier_below_minimum": 15},
}

SUMMARY = {
    "points_balance": 2030,
    "points_held": 1200,
    "points_available": 830,
    "points_debt": 0,
    "lifetime_points": 2530,
    "tier": {
        "id": 3,
        "name": "Gold",
        "rank": 3,
        "min_lifetime_points": 1500,
        "multiplier": 1.25,
        "perks": ["25% more points on every payment", "Priority support"],
    },
    "next_tier": {
        "id": 4,
        "name": "Platinum",
        "rank": 4,
        "min_lifetime_points": 5000,
        "multiplier": 1.5,
        "perks": ["50% more points on every payment", "A dedicated account manager"],
    },
    "points_to_next_tier": 2470,
    "badges": [
        {
            "badge_id": 1,
            "name": "First order",
            "description": "Paid for a first order.",
            "icon": "🎉",
            "awarded_at": "2025-03-02T10:15:05.120931Z",
        }
    ],
}

TRANSACTION = {
    "id": 88,
    "client": {"id": 12, "username": "client_alpha_2"},
    "kind": "adjust",
    "points": 150,
    "points_held_change": 0,
    "balance_after": 2180,
    "held_after": 1200,
    "shortfall": 0,
    "debt_change": 0,
    "debt_after": 0,
    "reason": "Apology for the late delivery of order ALPHA-0003",
    "payment_id": None,
    "redemption_id": None,
    "milestone_id": None,
    "created_by": {"id": 2, "username": "admin_alpha"},
    "created_at": "2025-03-04T09:12:55.730146Z",
}

# What the client reads of their ledger: not which admin made a row.
TRANSACTION_CLIENT = {k: v for k, v in TRANSACTION.items() if k != "created_by"}

ANALYTICS = {
    "period": {"days": 3, "date_from": "2025-03-02", "date_to": "2025-03-04", "time_zone": "UTC"},
    "points": {"issued": 9154, "redeemed": 3700, "expired": 0, "outstanding": 5454, "held": 2400},
    "redemptions": {
        "total": 9,
        "by_status": {"pending": 2, "approved": 1, "fulfilled": 4, "rejected": 1, "cancelled": 1},
        "by_type": {"discount": 2, "cash": 1, "voucher": 1, "product": 4, "service": 1},
        "by_category": [
            {"category_id": 3, "name": "Merchandise", "requests": 4, "points": 4800},
        ],
    },
    "review": {
        "decided": 3,
        "auto_approved": 1,
        "hours_p50": 5.25,
        "hours_p90": 26.5,
        "hours_p99": 26.5,
        "within_sla_percent": 66.67,
        "pending_overdue": 1,
    },
    "top_items": [
        {
            "item_id": 7,
            "name": "Branded hoodie",
            "redemption_type": "product",
            "redemptions": 3,
            "points": 3600,
        }
    ],
    "tier_distribution": [
        {"tier_id": 1, "website_id": 1, "name": "Bronze", "rank": 1, "clients": 3},
        {"tier_id": None, "website_id": None, "name": None, "rank": 0, "clients": 0},
    ],
    "daily_trend": [
        {
            "date": "2025-03-02",
            "points_issued": 6124,
            "points_redeemed": 2500,
            "points_expired": 0,
            "requests": 6,
        },
        {
            "date": "2025-03-03",
            "points_issued": 0,
            "points_redeemed": 0,
            "points_expired": 0,
            "requests": 0,
        },
        {
            "date": "2025-03-04",
            "points_issued": 3030,
            "points_redeemed": 1200,
            "points_expired": 0,
            "requests": 3,
        },
    ],
    "engagement": {"active_clients": 6, "total_clients": 6, "rate_percent": 100.0},
}


def response(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True)


def request(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


TIER_WHAT_IF = {
    "tiers": [
        {
            "tier_id": 1,
            "name": "Bronze",
            "rank": 1,
            "threshold_now": 0,
            "threshold": 0,
            "clients_now": 40,
            "clients_then": 31,
        },
        {
            "tier_id": 2,
            "name": "Silver",
            "rank": 2,
            "threshold_now": 500,
            "threshold": 300,
            "clients_now": 12,
            "clients_then": 21,
        },
    ],
    "below_every_tier": {"clients_now": 0, "clients_then": 0},
    "clients_moving_up": 9,
    "clients_moving_down": 0,
}
