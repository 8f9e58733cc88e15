"""The endpoints the deployment checklist names, with their budgets and contracts (data only).

`preflight` (in-process) and `smoke` (over HTTP) both read this table. To add an endpoint, add a
row; to change a budget, change its number. An endpoint whose URL does not resolve (preflight) or
that answers 404 (smoke) fails: every row is an endpoint the checklist promises.
"""

from dataclasses import dataclass

from django.urls import Resolver404, resolve

TIPS = "tips"
LOYALTY = "loyalty"
EXISTING = "existing"
HEALTH = "health"
GROUPS = (TIPS, LOYALTY, EXISTING, HEALTH)


@dataclass(frozen=True)
class Endpoint:
    """One GET endpoint: where it is, how fast it must answer, and what it returns.

    - `keys`: the top-level JSON keys its documentation promises and the frontend reads (the
      response is an object that has every one of them).
    - `admin_only`: clients and writers must get 403.
    - `paginated`: a limit/offset list (`?limit=` pages, `count` and `results`).
    - `model`: "app_label.Model" of the rows a list returns, for the row-visibility checks.
    - `probe_app`: the app whose `probes.py` creates rows for this endpoint.
    - `scoped`: the data belongs to websites (admins see only their own website's).
    """

    key: str
    group: str
    path: str
    budget_ms: int
    keys: tuple[str, ...]
    admin_only: bool = False
    paginated: bool = False
    model: str | None = None
    probe_app: str | None = None
    scoped: bool = True
    authenticated: bool = True

    def is_deployed(self) -> bool:
        """Whether this project routes the path."""
        try:
            resolve(self.path)
        except Resolver404:
            return False
        return True


_TIPS_BASE = "/api/v1/admin-management/tips/"
_LOYALTY_BASE = "/api/v1/loyalty-management/"
_PAGE = ("count", "results")

CHECKLIST_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "tips.dashboard",
        TIPS,
        f"{_TIPS_BASE}dashboard/",
        2000,
        keys=(
            "summary",
            "recent_summary",
            "payment_status",
            "type_breakdown",
            "payment_status_breakdown",
            "level_breakdown",
        ),
        admin_only=True,
        probe_app="tip_stats",
    ),
    Endpoint(
        "tips.list",
        TIPS,
        f"{_TIPS_BASE}list_tips/",
        1000,
        keys=("count", "results", "summary"),
        admin_only=True,
        paginated=True,
        model="writer_management.Tip",
        probe_app="tip_stats",
    ),
    Endpoint(
        "tips.analytics",
        TIPS,
        f"{_TIPS_BASE}analytics/",
        3000,
        keys=("period", "trends", "breakdowns", "top_performers"),
        admin_only=True,
        probe_app="tip_stats",
    ),
    Endpoint(
        "tips.earnings",
        TIPS,
        f"{_TIPS_BASE}earnings/",
        2000,
        keys=("overall", "by_level", "by_type", "monthly"),
        admin_only=True,
        probe_app="tip_stats",
    ),
    Endpoint(
        "loyalty.categories",
        LOYALTY,
        f"{_LOYALTY_BASE}redemption-categories/",
        1000,
        keys=_PAGE,
        paginated=True,
        model="loyalty_management.RedemptionCategory",
        probe_app="loyalty_management",
    ),
    Endpoint(
        "loyalty.items",
        LOYALTY,
        f"{_LOYALTY_BASE}redemption-items/",
        1000,
        keys=_PAGE,
        paginated=True,
        model="loyalty_management.RedemptionItem",
        probe_app="loyalty_management",
    ),
    Endpoint(
        "loyalty.requests",
        LOYALTY,
        f"{_LOYALTY_BASE}redemption-requests/",
        1000,
        keys=_PAGE,
        paginated=True,
        model="loyalty_management.RedemptionRequest",
        probe_app="loyalty_management",
    ),
    Endpoint(
        "loyalty.analytics",
        LOYALTY,
        f"{_LOYALTY_BASE}analytics/",
        3000,
        # docs/LOYALTY_REDEMPTION.md, "Analytics (admins)".
        keys=(
            "period",
            "points",
            "redemptions",
            "top_items",
            "tier_distribution",
            "daily_trend",
            "engagement",
        ),
        admin_only=True,
        probe_app="loyalty_management",
    ),
    # "Existing endpoints still work" (the checklist's breaking-changes review).
    Endpoint(
        "auth.me",
        EXISTING,
        "/api/v1/auth/me/",
        1000,
        keys=("id", "username", "role", "website"),
        scoped=False,
    ),
    Endpoint(
        "websites.list",
        EXISTING,
        "/api/v1/websites/",
        1000,
        keys=_PAGE,
        admin_only=True,
        paginated=True,
        model="websites.Website",
    ),
    Endpoint(
        "users.list",
        EXISTING,
        "/api/v1/users/",
        1000,
        keys=_PAGE,
        admin_only=True,
        paginated=True,
        model="accounts.User",
        probe_app="accounts",
    ),
    Endpoint(
        "orders.list",
        EXISTING,
        "/api/v1/orders/",
        1000,
        keys=_PAGE,
        paginated=True,
        model="orders.Order",
        probe_app="orders",
    ),
)

HEALTH_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "health.live",
        HEALTH,
        "/health/live/",
        1000,
        keys=("status",),
        scoped=False,
        authenticated=False,
    ),
    Endpoint(
        "health.ready",
        HEALTH,
        "/health/ready/",
        2000,
        keys=("status", "components"),
        scoped=False,
        authenticated=False,
    ),
)

READINESS_COMPONENTS = ("database", "cache", "celery_broker")


def endpoints_in(groups: list[str] | None, table: tuple[Endpoint, ...]) -> list[Endpoint]:
    """Return the rows of `table` in `groups` (all of them when `groups` is empty)."""
    return [endpoint for endpoint in table if not groups or endpoint.group in groups]


def parse_budget_overrides(values: list[str] | None, known: list[Endpoint]) -> dict[str, int]:
    """Parse `KEY=MS` options (`*=MS` for every endpoint) into {endpoint key: budget ms}.

    Raises ValueError naming the bad option, so a typo never silently keeps the default budget.
    """
    overrides: dict[str, int] = {}
    keys = {endpoint.key for endpoint in known}
    for value in values or []:
        key, sep, raw_ms = value.partition("=")
        key = key.strip()
        if not sep or not raw_ms.strip().isdigit():
            raise ValueError(
                f"--budget-ms {value!r}: expected KEY=MILLISECONDS, e.g. tips.list=500"
            )
        if key == "*":
            overrides.update(dict.fromkeys(keys, int(raw_ms)))
        elif key in keys:
            overrides[key] = int(raw_ms)
        else:
            raise ValueError(
                f"--budget-ms {value!r}: unknown endpoint {key!r}; known: {sorted(keys)}"
            )
    return overrides
