"""OpenAPI examples of the audit log."""

from drf_spectacular.utils import OpenApiExample

from audit.selectors import EXPORT_COLUMNS

ENTRY = {
    "id": 9120,
    "created_at": "2026-12-05T10:14:03.512Z",
    "website_id": 3,
    "source": "api",
    "actor_id": 41,
    "actor_role": "admin",
    "actor_username": "maria.admin",
    "command": "",
    "action": "wallet.credit",
    "object_type": "order_payments_management.wallet",
    "object_id": "77",
    "object_repr": "Wallet of client-0012 (120.00)",
    "before": {"balance": "80.00"},
    "after": {"balance": "120.00"},
    "request_id": "6f1c2a7de0b94b2f9a51d3c1e0f4a9b2",
    "ip": "203.0.113.24",
}

LEVEL_CHANGE = {
    **ENTRY,
    "id": 9121,
    "action": "writerlevel.update",
    "object_type": "writer_management.writerlevel",
    "object_id": "5",
    "object_repr": "Gold (website 3)",
    "before": {"tip_percentage": "70.00"},
    "after": {"tip_percentage": "75.00"},
}

COMMAND_ENTRY = {
    **ENTRY,
    "id": 9122,
    "website_id": None,
    "source": "command",
    "actor_id": None,
    "actor_role": "",
    "actor_username": "",
    "command": "createsuperuser",
    "action": "user.create",
    "object_type": "accounts.user",
    "object_id": "1",
    "object_repr": "root",
    "before": {},
    "after": {"username": "root", "role": "superadmin", "is_active": True},
    "request_id": "",
    "ip": "",
}

LIST = OpenApiExample(
    "Newest first",
    value={"count": 2, "next": None, "previous": None, "results": [LEVEL_CHANGE, ENTRY]},
    response_only=True,
)
ONE = OpenApiExample("A wallet credit", value=ENTRY, response_only=True)
EXPORT = OpenApiExample(
    "Two entries",
    value=(
        ",".join(EXPORT_COLUMNS)
        + "\r\n9121,2026-12-05T10:15:40.118000Z,3,api,41,admin,maria.admin,,writerlevel.update,"
        'writer_management.writerlevel,5,Gold (website 3),"{""tip_percentage"": ""70.00""}",'
        '"{""tip_percentage"": ""75.00""}",6f1c2a7de0b94b2f9a51d3c1e0f4a9b2,203.0.113.24\r\n'
    ),
    response_only=True,
)
