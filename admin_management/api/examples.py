"""Examples of the admin tip endpoints' responses, as the service returned them on demo data.

Long arrays are trimmed (the `weekly` trend has 12 entries, `daily` 30, earnings' `monthly` up
to 12, the top lists up to 10). The same examples appear in the OpenAPI schema and in
`docs/TIP_MANAGEMENT_API_DOCUMENTATION.md`, whose test checks both against live responses.
"""

from drf_spectacular.utils import OpenApiExample

from admin_management.api.export import EXPORT_HEADER

EXPORT_COLUMN_NAMES = list(EXPORT_HEADER)

DASHBOARD = {
    "summary": {
        "total_tips": 150,
        "total_tip_amount": 9128.23,
        "total_writer_earnings": 3442.2,
        "total_platform_profit": 5686.03,
        "avg_tip_amount": 60.85,
        "avg_writer_percentage": 38.07,
    },
    "recent_summary": {
        "days": 30,
        "total_tips": 16,
        "total_tip_amount": 1067.46,
        "total_writer_earnings": 410.25,
        "total_platform_profit": 657.21,
    },
    "payment_status": {
        "completed": 120,
        "pending": 10,
        "processing": 0,
        "failed": 8,
        "refunded": 12,
    },
    "type_breakdown": [
        {
            "tip_type": "direct",
            "count": 59,
            "total_amount": 3880.37,
            "writer_earnings": 1394.85,
            "platform_profit": 2485.52,
        },
        {
            "tip_type": "order",
            "count": 67,
            "total_amount": 3719.42,
            "writer_earnings": 1482.45,
            "platform_profit": 2236.97,
        },
        {
            "tip_type": "class",
            "count": 24,
            "total_amount": 1528.44,
            "writer_earnings": 564.9,
            "platform_profit": 963.54,
        },
    ],
    "payment_status_breakdown": [
        {"payment_status": "pending", "count": 10, "total_amount": 579.48},
        {"payment_status": "processing", "count": 0, "total_amount": 0.0},
        {"payment_status": "completed", "count": 120, "total_amount": 7470.3},
        {"payment_status": "failed", "count": 8, "total_amount": 368.97},
        {"payment_status": "refunded", "count": 12, "total_amount": 709.48},
    ],
    "level_breakdown": [
        {
            "writer_level__name": "Junior",
            "count": 38,
            "total_amount": 2582.42,
            "writer_earnings": 774.75,
            "platform_profit": 1807.67,
            "avg_percentage": 30.0,
        },
        {
            "writer_level__name": "Intermediate",
            "count": 37,
            "total_amount": 2506.44,
            "writer_earnings": 1002.6,
            "platform_profit": 1503.84,
            "avg_percentage": 40.0,
        },
        {
            "writer_level__name": "Senior",
            "count": 42,
            "total_amount": 2264.91,
            "writer_earnings": 1132.5,
            "platform_profit": 1132.41,
            "avg_percentage": 50.0,
        },
        {
            "writer_level__name": None,
            "count": 33,
            "total_amount": 1774.46,
            "writer_earnings": 532.35,
            "platform_profit": 1242.11,
            "avg_percentage": 30.0,
        },
    ],
}

LIST_TIPS = {
    "count": 150,
    "results": [
        {
            "id": 125,
            "client": {
                "id": 12,
                "username": "client_alpha_6",
                "email": "client_alpha_6@example.com",
            },
            "writer": {
                "id": 6,
                "username": "writer_alpha_4",
                "email": "writer_alpha_4@example.com",
            },
            "tip_type": "order",
            "tip_amount": 100.5,
            "writer_earning": 30.15,
            "platform_profit": 70.35,
            "writer_percentage": 30.0,
            "writer_level": None,
            "payment_status": "completed",
            "tip_reason": "Went above and beyond on the revisions.",
            "sent_at": "2026-11-26T02:50:59.259996Z",
            "order": {"id": 11, "order_number": "ALPHA-0011"},
            "class_bundle": None,
            "website": {"id": 1, "name": "Alpha Essays"},
        },
        {
            "id": 108,
            "client": {
                "id": 9,
                "username": "client_alpha_3",
                "email": "client_alpha_3@example.com",
            },
            "writer": {
                "id": 5,
                "username": "writer_alpha_3",
                "email": "writer_alpha_3@example.com",
            },
            "tip_type": "direct",
            "tip_amount": 40.5,
            "writer_earning": 20.25,
            "platform_profit": 20.25,
            "writer_percentage": 50.0,
            "writer_level": "Senior",
            "payment_status": "completed",
            "tip_reason": "Very clear explanations in class.",
            "sent_at": "2026-11-22T17:45:59.259996Z",
            "order": None,
            "class_bundle": None,
            "website": {"id": 1, "name": "Alpha Essays"},
        },
    ],
    "summary": {
        "total_tip_amount": 9128.23,
        "total_writer_earnings": 3442.2,
        "total_platform_profit": 5686.03,
    },
}

ANALYTICS = {
    "period": {"days": 7, "date_from": "2026-11-20"},
    "trends": {
        "monthly": [
            {
                "month": "2026-11",
                "count": 4,
                "total_amount": 186.0,
                "writer_earnings": 72.9,
                "platform_profit": 113.1,
            }
        ],
        "weekly": [
            {
                "week": "2026-11-16",
                "count": 5,
                "total_amount": 286.0,
                "writer_earnings": 128.0,
                "platform_profit": 158.0,
            },
            {
                "week": "2026-11-23",
                "count": 1,
                "total_amount": 100.5,
                "writer_earnings": 30.15,
                "platform_profit": 70.35,
            },
        ],
        "daily": [
            {
                "day": "2026-11-24",
                "count": 0,
                "total_amount": 0.0,
                "writer_earnings": 0.0,
                "platform_profit": 0.0,
            },
            {
                "day": "2026-11-25",
                "count": 0,
                "total_amount": 0.0,
                "writer_earnings": 0.0,
                "platform_profit": 0.0,
            },
            {
                "day": "2026-11-26",
                "count": 1,
                "total_amount": 100.5,
                "writer_earnings": 30.15,
                "platform_profit": 70.35,
            },
        ],
    },
    "breakdowns": {
        "by_type": [
            {
                "tip_type": "direct",
                "count": 1,
                "total_amount": 40.5,
                "writer_earnings": 20.25,
                "platform_profit": 20.25,
                "avg_amount": 40.5,
            },
            {
                "tip_type": "order",
                "count": 2,
                "total_amount": 120.5,
                "writer_earnings": 40.15,
                "platform_profit": 80.35,
                "avg_amount": 60.25,
            },
            {
                "tip_type": "class",
                "count": 1,
                "total_amount": 25.0,
                "writer_earnings": 12.5,
                "platform_profit": 12.5,
                "avg_amount": 25.0,
            },
        ],
        "by_level": [
            {
                "writer_level__name": None,
                "tip_count": 1,
                "total_tips": 100.5,
                "total_writer_earnings": 30.15,
                "total_platform_profit": 70.35,
                "avg_percentage": 30.0,
            },
            {
                "writer_level__name": "Senior",
                "tip_count": 3,
                "total_tips": 85.5,
                "total_writer_earnings": 42.75,
                "total_platform_profit": 42.75,
                "avg_percentage": 50.0,
            },
        ],
    },
    "top_performers": {
        "writers": [
            {
                "writer__id": 5,
                "writer__username": "writer_alpha_3",
                "writer__email": "writer_alpha_3@example.com",
                "tip_count": 3,
                "total_received": 42.75,
                "avg_tip": 28.5,
            },
            {
                "writer__id": 6,
                "writer__username": "writer_alpha_4",
                "writer__email": "writer_alpha_4@example.com",
                "tip_count": 1,
                "total_received": 30.15,
                "avg_tip": 100.5,
            },
        ],
        "clients": [
            {
                "client__id": 12,
                "client__username": "client_alpha_6",
                "client__email": "client_alpha_6@example.com",
                "tip_count": 1,
                "total_sent": 100.5,
            },
            {
                "client__id": 9,
                "client__username": "client_alpha_3",
                "client__email": "client_alpha_3@example.com",
                "tip_count": 2,
                "total_sent": 65.5,
            },
        ],
    },
}

EARNINGS = {
    "overall": {
        "total_tips": 120,
        "total_tip_amount": 7470.3,
        "total_writer_earnings": 2741.25,
        "total_platform_profit": 4729.05,
        "avg_tip_amount": 62.25,
        "avg_writer_percentage": 37.58,
        "platform_profit_percentage": 63.3,
    },
    "by_level": [
        {
            "writer_level__name": "Junior",
            "tip_count": 35,
            "total_tips": 2376.42,
            "writer_earnings": 712.95,
            "platform_profit": 1663.47,
            "avg_percentage": 30.0,
        },
        {
            "writer_level__name": "Intermediate",
            "tip_count": 33,
            "total_tips": 2254.95,
            "writer_earnings": 902.0,
            "platform_profit": 1352.95,
            "avg_percentage": 40.0,
        },
        {
            "writer_level__name": None,
            "tip_count": 23,
            "total_tips": 1465.97,
            "writer_earnings": 439.8,
            "platform_profit": 1026.17,
            "avg_percentage": 30.0,
        },
        {
            "writer_level__name": "Senior",
            "tip_count": 29,
            "total_tips": 1372.96,
            "writer_earnings": 686.5,
            "platform_profit": 686.46,
            "avg_percentage": 50.0,
        },
    ],
    "by_type": [
        {
            "tip_type": "direct",
            "tip_count": 52,
            "total_tips": 3382.38,
            "writer_earnings": 1197.15,
            "platform_profit": 2185.23,
        },
        {
            "tip_type": "order",
            "tip_count": 47,
            "total_tips": 2620.47,
            "writer_earnings": 1006.7,
            "platform_profit": 1613.77,
        },
        {
            "tip_type": "class",
            "tip_count": 21,
            "total_tips": 1467.45,
            "writer_earnings": 537.4,
            "platform_profit": 930.05,
        },
    ],
    "monthly": [
        {
            "month": "2026-09",
            "tip_count": 7,
            "total_tips": 470.5,
            "writer_earnings": 157.15,
            "platform_profit": 313.35,
        },
        {
            "month": "2026-10",
            "tip_count": 14,
            "total_tips": 844.47,
            "writer_earnings": 312.75,
            "platform_profit": 531.72,
        },
        {
            "month": "2026-11",
            "tip_count": 11,
            "total_tips": 824.97,
            "writer_earnings": 309.8,
            "platform_profit": 515.17,
        },
    ],
}

EXPORT_CSV = "id,sent_at,website_id,website_name,client_id,client_username,client_email,writer_id,writer_username,writer_email,tip_type,tip_amount,writer_earning,platform_profit,writer_percentage,writer_level,payment_status,tip_reason,order_id,order_number,class_bundle_id,class_bundle_title,currency\n81,2026-11-20T11:21:29.259996Z,1,Alpha Essays,9,client_alpha_3,client_alpha_3@example.com,5,writer_alpha_3,writer_alpha_3@example.com,class,25.00,12.50,12.50,50.00,Senior,refunded,Great communication throughout.,,,3,Thesis coaching,USD\n8,2026-11-04T05:47:10.259996Z,1,Alpha Essays,7,client_alpha_1,client_alpha_1@example.com,5,writer_alpha_3,writer_alpha_3@example.com,order,100.50,50.25,50.25,50.00,Senior,refunded,Excellent research and sources.,6,ALPHA-0006,,,USD\n"


WHAT_IF = {
    "period": {"date_from": "2026-01-01", "date_to": "2026-03-31"},
    "scenario": {"writer_level__name": "Senior", "percentage": 45.0, "default_percentage": None},
    "levels": [
        {
            "writer_level__name": "Senior",
            "tip_count": 29,
            "total_tips": 1372.96,
            "current_avg_percentage": 50.0,
            "simulated_percentage": 45.0,
            "current": {"writer_earnings": 686.5, "platform_profit": 686.46},
            "simulated": {"writer_earnings": 617.85, "platform_profit": 755.11},
            "difference": {"writer_earnings": -68.65, "platform_profit": 68.65},
        },
        {
            "writer_level__name": None,
            "tip_count": 23,
            "total_tips": 1465.97,
            "current_avg_percentage": 30.0,
            "simulated_percentage": None,
            "current": {"writer_earnings": 439.8, "platform_profit": 1026.17},
            "simulated": {"writer_earnings": 439.8, "platform_profit": 1026.17},
            "difference": {"writer_earnings": 0.0, "platform_profit": 0.0},
        },
    ],
    "total": {
        "tip_count": 52,
        "total_tips": 2838.93,
        "current": {"writer_earnings": 1126.3, "platform_profit": 1712.63},
        "simulated": {"writer_earnings": 1057.65, "platform_profit": 1781.28},
        "difference": {"writer_earnings": -68.65, "platform_profit": 68.65},
    },
}


def response_example(name: str, value: dict, summary: str) -> list[OpenApiExample]:
    """A report's documented answer."""
    return [OpenApiExample(name, value=value, summary=summary, response_only=True)]


EXPORT_EXAMPLE = OpenApiExample("export", value=EXPORT_CSV, summary="Two tips", response_only=True)
