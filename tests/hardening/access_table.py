"""The access matrix, kept by hand: who may call each operation, and how to call it.

`MATRIX` says, for every operation of the OpenAPI schema, the status each role gets when it calls
the operation on website A's objects with a minimal valid request (`REQUESTS`). The roles are the
users of website A (the superadmin belongs to no website). These expectations come from the API
conventions and each endpoint's documentation, never from the permission classes under test:
when an endpoint is added or its rules change, this table is updated by a person, on purpose.

Statuses other than 401/403 are what an allowed role gets: 2xx, or 404 when the row is not one
the role may see (a writer reading a client's wallet).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from approvals.models import ApprovalSettings, PendingAdjustment
from audit.models import AuditEntry
from class_management.models import ClassBundle, ClassInstallment
from fines.models import Fine, FineAppeal, FineTypeConfig
from loyalty_management.models import (
    Badge,
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyTransaction,
    Milestone,
    RedemptionCategory,
    RedemptionItem,
    RedemptionPolicy,
    RedemptionRequest,
)
from order_payments_management.models import (
    Discount,
    DiscountUsage,
    OrderPayment,
    Wallet,
    WalletTransaction,
)
from orders.models import Order
from webhooks.models import WebhookDelivery, WebhookEndpoint
from websites.models import Website
from writer_management.models import Tip, TipSettings, WriterLevel, WriterProfile

ROLES = ("anonymous", "client", "writer", "admin", "superadmin")

# method  path                                                      anon client writer admin super
MATRIX_TEXT = """
POST   /api/v1/auth/login/                                           200  200   200   200   200
POST   /api/v1/auth/refresh/                                         200  200   200   200   200
POST   /api/v1/auth/logout/                                          401  205   205   205   205
GET    /api/v1/auth/me/                                              401  200   200   200   200
GET    /health/live/                                                 200  200   200   200   200
GET    /health/ready/                                                200  200   200   200   200
GET    /api/v1/users/                                                401  403   403   200   200
GET    /api/v1/users/{id}/                                           401  403   403   200   200
POST   /api/v1/users/{id}/erase/                                     401  403   403   200   200
GET    /api/v1/websites/                                             401  403   403   200   200
POST   /api/v1/websites/                                             401  403   403   403   201
GET    /api/v1/websites/{id}/                                        401  403   403   200   200
PUT    /api/v1/websites/{id}/time-zone/                              401  403   403   200   200
GET    /api/v1/orders/                                               401  200   200   200   200
POST   /api/v1/orders/                                               401  403   403   201   201
GET    /api/v1/orders/{id}/                                          401  200   200   200   200
POST   /api/v1/orders/{id}/assign_writer/                            401  403   403   200   200
POST   /api/v1/orders/{id}/pay/                                      401  201   403   403   403
POST   /api/v1/orders/{id}/status/                                   401  403   403   200   200
GET    /api/v1/order-payments/wallets/                               401  200   200   200   200
POST   /api/v1/order-payments/wallets/                               401  403   403   201   201
GET    /api/v1/order-payments/wallets/{id}/                          401  200   404   200   200
POST   /api/v1/order-payments/wallets/{id}/credit/                   401  403   403   201   201
POST   /api/v1/order-payments/wallets/{id}/debit/                    401  403   403   201   201
GET    /api/v1/order-payments/wallets/{wallet_id}/transactions/      401  200   404   200   200
GET    /api/v1/order-payments/payments/                              401  200   403   200   200
GET    /api/v1/order-payments/payments/{id}/                         401  200   403   200   200
POST   /api/v1/order-payments/payments/{id}/cancel/                  401  200   403   200   200
POST   /api/v1/order-payments/payments/{id}/confirm/                 401  403   403   200   200
POST   /api/v1/order-payments/payments/{id}/refund/                  401  403   403   200   200
GET    /api/v1/order-payments/discounts/                             401  403   403   200   200
POST   /api/v1/order-payments/discounts/                             401  403   403   201   201
POST   /api/v1/order-payments/discounts/validate/                    401  200   403   403   403
GET    /api/v1/order-payments/discounts/{id}/                        401  403   403   200   200
PUT    /api/v1/order-payments/discounts/{id}/                        401  403   403   200   200
PATCH  /api/v1/order-payments/discounts/{id}/                        401  403   403   200   200
DELETE /api/v1/order-payments/discounts/{id}/                        401  403   403   204   204
GET    /api/v1/order-payments/discounts/{discount_id}/usages/        401  403   403   200   200
GET    /api/v1/class-management/bundles/                             401  200   200   200   200
POST   /api/v1/class-management/bundles/                             401  403   403   201   201
GET    /api/v1/class-management/bundles/{id}/                        401  200   200   200   200
PATCH  /api/v1/class-management/bundles/{id}/                        401  403   403   200   200
POST   /api/v1/class-management/bundles/{id}/activate/               401  403   403   200   200
POST   /api/v1/class-management/bundles/{id}/cancel/                 401  403   403   200   200
POST   /api/v1/class-management/bundles/{id}/configure-installments/ 401  403   403   200   200
POST   /api/v1/class-management/bundles/{id}/pay-deposit/            401  200   403   403   403
GET    /api/v1/class-management/installments/                        401  200   200   200   200
GET    /api/v1/class-management/installments/{id}/                   401  200   200   200   200
POST   /api/v1/class-management/installments/{id}/pay/               401  200   403   403   403
GET    /api/v1/fines/fine-types/                                     401  403   403   200   200
POST   /api/v1/fines/fine-types/                                     401  403   403   201   201
GET    /api/v1/fines/fine-types/effective/                           401  403   403   200   200
GET    /api/v1/fines/fine-types/{id}/                                401  403   403   200   200
PATCH  /api/v1/fines/fine-types/{id}/                                401  403   403   200   200
DELETE /api/v1/fines/fine-types/{id}/                                401  403   403   204   204
GET    /api/v1/fines/fines/                                          401  403   200   200   200
POST   /api/v1/fines/fines/                                          401  403   403   201   201
GET    /api/v1/fines/fines/{id}/                                     401  403   200   200   200
POST   /api/v1/fines/fines/{id}/appeal/                              401  403   201   403   403
POST   /api/v1/fines/fines/{id}/void/                                401  403   403   200   200
POST   /api/v1/fines/fines/{id}/waive/                               401  403   403   200   200
GET    /api/v1/fines/appeals/                                        401  403   200   200   200
GET    /api/v1/fines/appeals/{id}/                                   401  403   200   200   200
POST   /api/v1/fines/appeals/{id}/uphold/                            401  403   403   200   200
POST   /api/v1/fines/appeals/{id}/waive/                             401  403   403   200   200
GET    /api/v1/fines/order-compensation/{id}/                        401  403   200   200   200
GET    /api/v1/writer-management/tip-settings/                       401  403   403   200   200
PUT    /api/v1/writer-management/tip-settings/                       401  403   403   200   200
PATCH  /api/v1/writer-management/tip-settings/                       401  403   403   200   200
GET    /api/v1/writer-management/tips/                               401  200   200   200   200
POST   /api/v1/writer-management/tips/                               401  201   403   403   403
GET    /api/v1/writer-management/tips/earnings/                      401  403   200   403   403
GET    /api/v1/writer-management/tips/{id}/                          401  200   200   200   200
POST   /api/v1/writer-management/tips/{id}/confirm_payment/          401  403   403   200   200
POST   /api/v1/writer-management/tips/{id}/process_payment/          401  200   403   403   403
POST   /api/v1/writer-management/tips/{id}/refund/                   401  403   403   200   200
GET    /api/v1/writer-management/writer-level-configs/               401  403   403   200   200
POST   /api/v1/writer-management/writer-level-configs/               401  403   403   201   201
GET    /api/v1/writer-management/writer-level-configs/{id}/          401  403   403   200   200
PUT    /api/v1/writer-management/writer-level-configs/{id}/          401  403   403   200   200
PATCH  /api/v1/writer-management/writer-level-configs/{id}/          401  403   403   200   200
DELETE /api/v1/writer-management/writer-level-configs/{id}/          401  403   403   204   204
GET    /api/v1/writer-management/writer-profiles/                    401  403   403   200   200
POST   /api/v1/writer-management/writer-profiles/                    401  403   403   201   201
GET    /api/v1/writer-management/writer-profiles/{id}/               401  403   403   200   200
PATCH  /api/v1/writer-management/writer-profiles/{id}/               401  403   403   200   200
POST   /api/v1/writer-management/writer-profiles/{id}/assign_level/  401  403   403   200   200
GET    /api/v1/admin-management/tips/dashboard/                      401  403   403   200   200
GET    /api/v1/admin-management/tips/list_tips/                      401  403   403   200   200
GET    /api/v1/admin-management/tips/analytics/                      401  403   403   200   200
GET    /api/v1/admin-management/tips/earnings/                       401  403   403   200   200
GET    /api/v1/admin-management/tips/export/                         401  403   403   200   200
GET    /api/v1/admin-management/tips/what-if/                        401  403   403   200   200
GET    /api/v1/loyalty-management/summary/                           401  200   403   200   200
GET    /api/v1/loyalty-management/settings/                          401  403   403   200   200
PATCH  /api/v1/loyalty-management/settings/                          401  403   403   200   200
POST   /api/v1/loyalty-management/award/                             401  403   403   201   201
POST   /api/v1/loyalty-management/deduct/                            401  403   403   201   201
GET    /api/v1/loyalty-management/analytics/                         401  403   403   200   200
GET    /api/v1/loyalty-management/what-if/tiers/                     401  403   403   200   200
GET    /api/v1/loyalty-management/transactions/                      401  200   403   200   200
GET    /api/v1/loyalty-management/transactions/{id}/                 401  200   403   200   200
GET    /api/v1/loyalty-management/tiers/                             401  403   403   200   200
POST   /api/v1/loyalty-management/tiers/                             401  403   403   201   201
GET    /api/v1/loyalty-management/tiers/{id}/                        401  403   403   200   200
PUT    /api/v1/loyalty-management/tiers/{id}/                        401  403   403   200   200
PATCH  /api/v1/loyalty-management/tiers/{id}/                        401  403   403   200   200
DELETE /api/v1/loyalty-management/tiers/{id}/                        401  403   403   204   204
GET    /api/v1/loyalty-management/badges/                            401  403   403   200   200
POST   /api/v1/loyalty-management/badges/                            401  403   403   201   201
GET    /api/v1/loyalty-management/badges/{id}/                       401  403   403   200   200
PUT    /api/v1/loyalty-management/badges/{id}/                       401  403   403   200   200
PATCH  /api/v1/loyalty-management/badges/{id}/                       401  403   403   200   200
DELETE /api/v1/loyalty-management/badges/{id}/                       401  403   403   204   204
GET    /api/v1/loyalty-management/milestones/                        401  403   403   200   200
POST   /api/v1/loyalty-management/milestones/                        401  403   403   201   201
GET    /api/v1/loyalty-management/milestones/{id}/                   401  403   403   200   200
PUT    /api/v1/loyalty-management/milestones/{id}/                   401  403   403   200   200
PATCH  /api/v1/loyalty-management/milestones/{id}/                   401  403   403   200   200
DELETE /api/v1/loyalty-management/milestones/{id}/                   401  403   403   204   204
GET    /api/v1/loyalty-management/redemption-categories/             401  200   403   200   200
POST   /api/v1/loyalty-management/redemption-categories/             401  403   403   201   201
GET    /api/v1/loyalty-management/redemption-categories/{id}/        401  200   403   200   200
PUT    /api/v1/loyalty-management/redemption-categories/{id}/        401  403   403   200   200
PATCH  /api/v1/loyalty-management/redemption-categories/{id}/        401  403   403   200   200
DELETE /api/v1/loyalty-management/redemption-categories/{id}/        401  403   403   204   204
GET    /api/v1/loyalty-management/redemption-items/                  401  200   403   200   200
POST   /api/v1/loyalty-management/redemption-items/                  401  403   403   201   201
GET    /api/v1/loyalty-management/redemption-items/{id}/             401  200   403   200   200
PUT    /api/v1/loyalty-management/redemption-items/{id}/             401  403   403   200   200
PATCH  /api/v1/loyalty-management/redemption-items/{id}/             401  403   403   200   200
DELETE /api/v1/loyalty-management/redemption-items/{id}/             401  403   403   204   204
GET    /api/v1/loyalty-management/redemption-policies/               401  403   403   200   200
POST   /api/v1/loyalty-management/redemption-policies/               401  403   403   201   201
GET    /api/v1/loyalty-management/redemption-policies/{id}/          401  403   403   200   200
PUT    /api/v1/loyalty-management/redemption-policies/{id}/          401  403   403   200   200
PATCH  /api/v1/loyalty-management/redemption-policies/{id}/          401  403   403   200   200
DELETE /api/v1/loyalty-management/redemption-policies/{id}/          401  403   403   204   204
GET    /api/v1/loyalty-management/redemption-policies/{id}/dry-run/  401  403   403   200   200
GET    /api/v1/loyalty-management/redemption-requests/               401  200   403   200   200
POST   /api/v1/loyalty-management/redemption-requests/               401  201   403   403   403
GET    /api/v1/loyalty-management/redemption-requests/{id}/          401  200   403   200   200
POST   /api/v1/loyalty-management/redemption-requests/{id}/approve/  401  403   403   200   200
POST   /api/v1/loyalty-management/redemption-requests/{id}/cancel/   401  200   403   200   200
POST   /api/v1/loyalty-management/redemption-requests/{id}/fulfill/  401  403   403   200   200
POST   /api/v1/loyalty-management/redemption-requests/{id}/reject/   401  403   403   200   200
GET    /api/v1/approvals/settings/                                   401  403   403   200   200
PATCH  /api/v1/approvals/settings/                                   401  403   403   200   200
GET    /api/v1/approvals/adjustments/                                401  403   403   200   200
GET    /api/v1/approvals/adjustments/{id}/                           401  403   403   200   200
POST   /api/v1/approvals/adjustments/{id}/approve/                   401  403   403   200   200
POST   /api/v1/approvals/adjustments/{id}/reject/                    401  403   403   200   200
GET    /api/v1/audit/                                                401  403   403   200   200
GET    /api/v1/audit/export/                                         401  403   403   200   200
GET    /api/v1/audit/{id}/                                           401  403   403   200   200
GET    /api/v1/webhooks/event-types/                                 401  403   403   200   200
GET    /api/v1/webhooks/endpoints/                                   401  403   403   200   200
POST   /api/v1/webhooks/endpoints/                                   401  403   403   201   201
GET    /api/v1/webhooks/endpoints/{id}/                              401  403   403   200   200
PATCH  /api/v1/webhooks/endpoints/{id}/                              401  403   403   200   200
DELETE /api/v1/webhooks/endpoints/{id}/                              401  403   403   204   204
POST   /api/v1/webhooks/endpoints/{id}/rotate-secret/                401  403   403   200   200
POST   /api/v1/webhooks/endpoints/{id}/resend/                       401  403   403   202   202
GET    /api/v1/webhooks/deliveries/                                  401  403   403   200   200
GET    /api/v1/webhooks/deliveries/{id}/                             401  403   403   200   200
POST   /api/v1/webhooks/deliveries/{id}/resend/                      401  403   403   202   202
GET    /api/v1/webhooks/events/                                      401  403   403   200   200
GET    /api/v1/webhooks/events/{event_id}/                           401  403   403   200   200
"""


def _parse(text: str) -> dict[str, dict[str, int]]:
    matrix: dict[str, dict[str, int]] = {}
    for line in text.strip().splitlines():
        method, path, *statuses = line.split()
        key = f"{method} {path}"
        if key in matrix or len(statuses) != len(ROLES):
            raise ValueError(f"Bad or repeated matrix row: {line!r}")
        matrix[key] = dict(zip(ROLES, (int(s) for s in statuses), strict=True))
    return matrix


MATRIX = _parse(MATRIX_TEXT)

# Requests ----------------------------------------------------------------------------------------
# A body or query is a function of (world, side, actor): `side` is the website whose objects the
# request names (A, or B in the cross-website tests); `actor` is the caller (None: anonymous).

Body = Callable[[Any, Any, Any], dict]


@dataclass(frozen=True)
class Req:
    obj: str | None = None  # the object key whose id fills the path parameter
    body: Body | None = None
    query: Body | None = None
    model: type | None = None  # the model a write changes, for the database checks
    result: str = "path"  # where that row's id comes from: "path" or "response"
    lookup: str = "pk"  # the path object's attribute the path names


def _website(w, side, actor) -> dict:
    return {"website_id": side.website.pk}


def _merge(*parts: Body) -> Body:
    def body(w, side, actor) -> dict:
        merged: dict = {}
        for part in parts:
            merged.update(part(w, side, actor))
        return merged

    return body


def _fixed(values: dict) -> Body:
    return lambda w, side, actor: dict(values)


def _login(w, side, actor) -> dict:
    user = actor or side.client
    return {"username": user.username, "password": "hardening-pass-123"}


def _refresh(w, side, actor) -> dict:
    from tests.hardening.world import refresh_token

    return {"refresh": refresh_token(actor or side.client)}


_unique = iter(range(10**9))


def _n() -> int:
    return next(_unique)


REQUESTS: dict[str, Req] = {
    "POST /api/v1/auth/login/": Req(body=_login),
    "POST /api/v1/auth/refresh/": Req(body=_refresh),
    "POST /api/v1/auth/logout/": Req(body=_refresh),
    "GET /api/v1/auth/me/": Req(),
    "GET /health/live/": Req(),
    "GET /health/ready/": Req(),
    "GET /api/v1/users/": Req(),
    "GET /api/v1/users/{id}/": Req(obj="client"),
    "POST /api/v1/users/{id}/erase/": Req(obj="client_spare", body=_fixed({}), model=User),
    "GET /api/v1/websites/": Req(),
    "POST /api/v1/websites/": Req(
        body=lambda w, side, actor: {
            "name": f"New site {(n := _n())}",
            "domain": f"new-{n}.example.com",
            "slug": f"new-{n}",
        },
        model=Website,
        result="response",
    ),
    "GET /api/v1/websites/{id}/": Req(obj="website"),
    "PUT /api/v1/websites/{id}/time-zone/": Req(
        obj="website", body=_fixed({"time_zone": "Asia/Tokyo"}), model=Website
    ),
    "GET /api/v1/orders/": Req(),
    "POST /api/v1/orders/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "client_id": side.client.pk,
                "title": "New essay",
                "total_price": "80.00",
                "writer_compensation": "40.00",
            },
        ),
        model=Order,
        result="response",
    ),
    "GET /api/v1/orders/{id}/": Req(obj="order"),
    "POST /api/v1/orders/{id}/assign_writer/": Req(
        obj="order",
        body=lambda w, side, actor: {"writer_id": side.writer_spare.pk},
        model=Order,
    ),
    "POST /api/v1/orders/{id}/pay/": Req(
        obj="order", body=_fixed({}), model=OrderPayment, result="response"
    ),
    "POST /api/v1/orders/{id}/status/": Req(
        obj="order", body=_fixed({"status": "cancelled"}), model=Order
    ),
    "GET /api/v1/order-payments/wallets/": Req(),
    "POST /api/v1/order-payments/wallets/": Req(
        body=lambda w, side, actor: {"user_id": side.writer_spare.pk},
        model=Wallet,
        result="response",
    ),
    "GET /api/v1/order-payments/wallets/{id}/": Req(obj="wallet"),
    "POST /api/v1/order-payments/wallets/{id}/credit/": Req(
        obj="wallet",
        body=_fixed({"amount": "12.00", "reason": "Goodwill"}),
        model=WalletTransaction,
        result="response",
    ),
    "POST /api/v1/order-payments/wallets/{id}/debit/": Req(
        obj="wallet",
        body=_fixed({"amount": "12.00", "reason": "Correction"}),
        model=WalletTransaction,
        result="response",
    ),
    "GET /api/v1/order-payments/wallets/{wallet_id}/transactions/": Req(obj="wallet"),
    "GET /api/v1/order-payments/payments/": Req(),
    "GET /api/v1/order-payments/payments/{id}/": Req(obj="payment_completed"),
    "POST /api/v1/order-payments/payments/{id}/cancel/": Req(
        obj="payment_manual", body=_fixed({}), model=OrderPayment
    ),
    "POST /api/v1/order-payments/payments/{id}/confirm/": Req(
        obj="payment_manual", body=_fixed({"reference": "BANK-1"}), model=OrderPayment
    ),
    "POST /api/v1/order-payments/payments/{id}/refund/": Req(
        obj="payment_completed", body=_fixed({"reason": "Cancelled"}), model=OrderPayment
    ),
    "GET /api/v1/order-payments/discounts/": Req(),
    "POST /api/v1/order-payments/discounts/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "code": f"NEW{_n()}",
                "discount_type": "fixed",
                "value": "3.00",
            },
        ),
        model=Discount,
        result="response",
    ),
    "POST /api/v1/order-payments/discounts/validate/": Req(
        body=lambda w, side, actor: {"code": side.discount_unused.code, "amount": "100.00"}
    ),
    "GET /api/v1/order-payments/discounts/{id}/": Req(obj="discount"),
    "PUT /api/v1/order-payments/discounts/{id}/": Req(
        obj="discount_unused",
        body=lambda w, side, actor: {
            "code": side.discount_unused.code,
            "discount_type": "fixed",
            "value": "6.00",
        },
        model=Discount,
    ),
    "PATCH /api/v1/order-payments/discounts/{id}/": Req(
        obj="discount_unused", body=_fixed({"is_active": False}), model=Discount
    ),
    "DELETE /api/v1/order-payments/discounts/{id}/": Req(obj="discount_unused"),
    "GET /api/v1/order-payments/discounts/{discount_id}/usages/": Req(obj="discount"),
    "GET /api/v1/class-management/bundles/": Req(),
    "POST /api/v1/class-management/bundles/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "client_id": side.client.pk,
                "title": "New class",
                "total_price": "200.00",
            },
        ),
        model=ClassBundle,
        result="response",
    ),
    "GET /api/v1/class-management/bundles/{id}/": Req(obj="bundle_active"),
    "PATCH /api/v1/class-management/bundles/{id}/": Req(
        obj="bundle_draft", body=_fixed({"title": "Renamed class"}), model=ClassBundle
    ),
    "POST /api/v1/class-management/bundles/{id}/activate/": Req(
        obj="bundle_draft", body=_fixed({}), model=ClassBundle
    ),
    "POST /api/v1/class-management/bundles/{id}/cancel/": Req(
        obj="bundle_draft", body=_fixed({}), model=ClassBundle
    ),
    "POST /api/v1/class-management/bundles/{id}/configure-installments/": Req(
        obj="bundle_draft", body=_fixed({"count": 3, "interval_days": 14}), model=ClassBundle
    ),
    "POST /api/v1/class-management/bundles/{id}/pay-deposit/": Req(
        obj="bundle_deposit", body=_fixed({}), model=ClassBundle
    ),
    "GET /api/v1/class-management/installments/": Req(),
    "GET /api/v1/class-management/installments/{id}/": Req(obj="installment"),
    "POST /api/v1/class-management/installments/{id}/pay/": Req(
        obj="installment", body=_fixed({}), model=ClassInstallment
    ),
    "GET /api/v1/fines/fine-types/": Req(),
    "POST /api/v1/fines/fine-types/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "code": f"new-type-{_n()}",
                "name": "New type",
                "calculation": "fixed",
                "amount": "4.00",
            },
        ),
        model=FineTypeConfig,
        result="response",
    ),
    "GET /api/v1/fines/fine-types/effective/": Req(query=_website),
    "GET /api/v1/fines/fine-types/{id}/": Req(obj="fine_type"),
    "PATCH /api/v1/fines/fine-types/{id}/": Req(
        obj="fine_type", body=_fixed({"name": "Renamed type"}), model=FineTypeConfig
    ),
    "DELETE /api/v1/fines/fine-types/{id}/": Req(obj="fine_type_spare"),
    "GET /api/v1/fines/fines/": Req(),
    "POST /api/v1/fines/fines/": Req(
        body=lambda w, side, actor: {
            "order_id": side.order_fined.pk,
            "fine_type_code": side.fine_type.code,
            "reason": "Late again",
        },
        model=Fine,
        result="response",
    ),
    "GET /api/v1/fines/fines/{id}/": Req(obj="fine"),
    "POST /api/v1/fines/fines/{id}/appeal/": Req(
        obj="fine_appealable",
        body=_fixed({"reason": "The client moved the deadline."}),
        model=FineAppeal,
        result="response",
    ),
    "POST /api/v1/fines/fines/{id}/void/": Req(obj="fine", body=_fixed({"note": ""}), model=Fine),
    "POST /api/v1/fines/fines/{id}/waive/": Req(obj="fine", body=_fixed({"note": ""}), model=Fine),
    "GET /api/v1/fines/appeals/": Req(),
    "GET /api/v1/fines/appeals/{id}/": Req(obj="appeal"),
    "POST /api/v1/fines/appeals/{id}/uphold/": Req(
        obj="appeal", body=_fixed({"note": "Checked"}), model=FineAppeal
    ),
    "POST /api/v1/fines/appeals/{id}/waive/": Req(
        obj="appeal", body=_fixed({"note": "Checked"}), model=FineAppeal
    ),
    "GET /api/v1/fines/order-compensation/{id}/": Req(obj="order_fined"),
    "GET /api/v1/writer-management/tip-settings/": Req(query=_website),
    "PUT /api/v1/writer-management/tip-settings/": Req(
        query=_website,
        body=_fixed(
            {
                "default_writer_percentage": "35.00",
                "min_tip_amount": "2.00",
                "max_tip_amount": "900.00",
            }
        ),
        model=TipSettings,
        result="settings",
    ),
    "PATCH /api/v1/writer-management/tip-settings/": Req(
        query=_website,
        body=_fixed({"max_tip_amount": "800.00"}),
        model=TipSettings,
        result="settings",
    ),
    "GET /api/v1/writer-management/tips/": Req(),
    "POST /api/v1/writer-management/tips/": Req(
        body=lambda w, side, actor: {
            "writer_id": side.writer.pk,
            "tip_amount": "5.00",
            "tip_reason": "Thanks",
        },
        model=Tip,
        result="response",
    ),
    "GET /api/v1/writer-management/tips/earnings/": Req(),
    "GET /api/v1/writer-management/tips/{id}/": Req(obj="tip"),
    "POST /api/v1/writer-management/tips/{id}/confirm_payment/": Req(
        obj="tip_manual", body=_fixed({"reference": "BANK-2"}), model=Tip
    ),
    "POST /api/v1/writer-management/tips/{id}/process_payment/": Req(
        obj="tip_failed_own", body=_fixed({}), model=Tip
    ),
    "POST /api/v1/writer-management/tips/{id}/refund/": Req(
        obj="tip", body=_fixed({"reason": "Disputed"}), model=Tip
    ),
    "GET /api/v1/writer-management/writer-level-configs/": Req(),
    "POST /api/v1/writer-management/writer-level-configs/": Req(
        body=_merge(
            _website, lambda w, side, actor: {"name": f"Level {_n()}", "tip_percentage": "20.00"}
        ),
        model=WriterLevel,
        result="response",
    ),
    "GET /api/v1/writer-management/writer-level-configs/{id}/": Req(obj="level"),
    "PUT /api/v1/writer-management/writer-level-configs/{id}/": Req(
        obj="level_spare",
        body=_fixed({"name": "Spare renamed", "tip_percentage": "31.00"}),
        model=WriterLevel,
    ),
    "PATCH /api/v1/writer-management/writer-level-configs/{id}/": Req(
        obj="level_spare", body=_fixed({"tip_percentage": "32.00"}), model=WriterLevel
    ),
    "DELETE /api/v1/writer-management/writer-level-configs/{id}/": Req(obj="level_spare"),
    "GET /api/v1/writer-management/writer-profiles/": Req(),
    "POST /api/v1/writer-management/writer-profiles/": Req(
        body=lambda w, side, actor: {"writer_id": side.writer_spare.pk, "pen_name": "New pen"},
        model=WriterProfile,
        result="response",
    ),
    "GET /api/v1/writer-management/writer-profiles/{id}/": Req(obj="writer_profile"),
    "PATCH /api/v1/writer-management/writer-profiles/{id}/": Req(
        obj="writer_profile", body=_fixed({"pen_name": "Renamed pen"}), model=WriterProfile
    ),
    "POST /api/v1/writer-management/writer-profiles/{id}/assign_level/": Req(
        obj="writer_profile",
        body=lambda w, side, actor: {"level_id": side.level_spare.pk},
        model=WriterProfile,
    ),
    "GET /api/v1/admin-management/tips/dashboard/": Req(),
    "GET /api/v1/admin-management/tips/list_tips/": Req(),
    "GET /api/v1/admin-management/tips/analytics/": Req(),
    "GET /api/v1/admin-management/tips/earnings/": Req(),
    "GET /api/v1/admin-management/tips/export/": Req(),
    "GET /api/v1/admin-management/tips/what-if/": Req(query=_fixed({"default_percentage": "35"})),
    "GET /api/v1/loyalty-management/summary/": Req(
        query=lambda w, side, actor: {"client": side.client.pk}
    ),
    "GET /api/v1/loyalty-management/settings/": Req(query=_website),
    "PATCH /api/v1/loyalty-management/settings/": Req(
        query=_website,
        body=_fixed({"points_expiry_months": 12}),
        model=LoyaltySettings,
        result="settings",
    ),
    "POST /api/v1/loyalty-management/award/": Req(
        body=lambda w, side, actor: {"client_id": side.client.pk, "points": 50, "reason": "Kind"},
        model=LoyaltyTransaction,
        result="response",
    ),
    "POST /api/v1/loyalty-management/deduct/": Req(
        body=lambda w, side, actor: {"client_id": side.client.pk, "points": 5, "reason": "Fix"},
        model=LoyaltyTransaction,
        result="response",
    ),
    "GET /api/v1/loyalty-management/analytics/": Req(),
    "GET /api/v1/loyalty-management/what-if/tiers/": Req(
        query=_merge(_website, _fixed({"thresholds": "0,1000000000"}))
    ),
    "GET /api/v1/loyalty-management/transactions/": Req(),
    "GET /api/v1/loyalty-management/transactions/{id}/": Req(obj="loyalty_transaction"),
    "GET /api/v1/loyalty-management/tiers/": Req(),
    "POST /api/v1/loyalty-management/tiers/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "name": f"Tier {_n()}",
                "rank": 5,
                "min_lifetime_points": 100000,
            },
        ),
        model=LoyaltyTier,
        result="response",
    ),
    "GET /api/v1/loyalty-management/tiers/{id}/": Req(obj="tier"),
    "PUT /api/v1/loyalty-management/tiers/{id}/": Req(
        obj="tier_spare",
        body=_fixed({"name": "Diamond", "rank": 8, "min_lifetime_points": 900000000}),
        model=LoyaltyTier,
    ),
    "PATCH /api/v1/loyalty-management/tiers/{id}/": Req(
        obj="tier_spare", body=_fixed({"name": "Titanium"}), model=LoyaltyTier
    ),
    "DELETE /api/v1/loyalty-management/tiers/{id}/": Req(obj="tier_spare"),
    "GET /api/v1/loyalty-management/badges/": Req(),
    "POST /api/v1/loyalty-management/badges/": Req(
        body=_merge(_website, lambda w, side, actor: {"name": f"Badge {_n()}"}),
        model=Badge,
        result="response",
    ),
    "GET /api/v1/loyalty-management/badges/{id}/": Req(obj="badge"),
    "PUT /api/v1/loyalty-management/badges/{id}/": Req(
        obj="badge_spare", body=_fixed({"name": "Moon"}), model=Badge
    ),
    "PATCH /api/v1/loyalty-management/badges/{id}/": Req(
        obj="badge_spare", body=_fixed({"icon": "moon"}), model=Badge
    ),
    "DELETE /api/v1/loyalty-management/badges/{id}/": Req(obj="badge_spare"),
    "GET /api/v1/loyalty-management/milestones/": Req(),
    "POST /api/v1/loyalty-management/milestones/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "name": f"Milestone {_n()}",
                "kind": "lifetime_points",
                "threshold": "500000.00",
                "badge_id": side.badge_spare.pk,
            },
        ),
        model=Milestone,
        result="response",
    ),
    "GET /api/v1/loyalty-management/milestones/{id}/": Req(obj="milestone"),
    "PUT /api/v1/loyalty-management/milestones/{id}/": Req(
        obj="milestone",
        body=lambda w, side, actor: {
            "name": "Two million",
            "kind": "lifetime_points",
            "threshold": "2000000.00",
            "badge_id": side.badge.pk,
        },
        model=Milestone,
    ),
    "PATCH /api/v1/loyalty-management/milestones/{id}/": Req(
        obj="milestone", body=_fixed({"bonus_points": 10}), model=Milestone
    ),
    "DELETE /api/v1/loyalty-management/milestones/{id}/": Req(obj="milestone"),
    "GET /api/v1/loyalty-management/redemption-categories/": Req(),
    "POST /api/v1/loyalty-management/redemption-categories/": Req(
        body=_merge(_website, lambda w, side, actor: {"name": f"Category {_n()}"}),
        model=RedemptionCategory,
        result="response",
    ),
    "GET /api/v1/loyalty-management/redemption-categories/{id}/": Req(obj="category"),
    "PUT /api/v1/loyalty-management/redemption-categories/{id}/": Req(
        obj="category_spare", body=_fixed({"name": "Renamed"}), model=RedemptionCategory
    ),
    "PATCH /api/v1/loyalty-management/redemption-categories/{id}/": Req(
        obj="category_spare", body=_fixed({"sort_order": 3}), model=RedemptionCategory
    ),
    "DELETE /api/v1/loyalty-management/redemption-categories/{id}/": Req(obj="category_spare"),
    "GET /api/v1/loyalty-management/redemption-items/": Req(),
    "POST /api/v1/loyalty-management/redemption-items/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "category_id": side.category.pk,
                "name": f"Item {_n()}",
                "points_required": 20,
                "redemption_type": "product",
            },
        ),
        model=RedemptionItem,
        result="response",
    ),
    "GET /api/v1/loyalty-management/redemption-items/{id}/": Req(obj="item"),
    "PUT /api/v1/loyalty-management/redemption-items/{id}/": Req(
        obj="item_spare",
        body=lambda w, side, actor: {
            "category_id": side.category.pk,
            "name": "Pencil",
            "points_required": 12,
            "redemption_type": "product",
        },
        model=RedemptionItem,
    ),
    "PATCH /api/v1/loyalty-management/redemption-items/{id}/": Req(
        obj="item_spare", body=_fixed({"points_required": 11}), model=RedemptionItem
    ),
    "DELETE /api/v1/loyalty-management/redemption-items/{id}/": Req(obj="item_spare"),
    "GET /api/v1/loyalty-management/redemption-policies/": Req(),
    "POST /api/v1/loyalty-management/redemption-policies/": Req(
        body=_merge(_website, lambda w, side, actor: {"name": f"Policy {_n()}", "max_points": 50}),
        model=RedemptionPolicy,
        result="response",
    ),
    "GET /api/v1/loyalty-management/redemption-policies/{id}/": Req(obj="policy"),
    "PUT /api/v1/loyalty-management/redemption-policies/{id}/": Req(
        obj="policy",
        body=_fixed({"name": "Renamed policy", "max_points": 70, "item_types": ["product"]}),
        model=RedemptionPolicy,
    ),
    "PATCH /api/v1/loyalty-management/redemption-policies/{id}/": Req(
        obj="policy", body=_fixed({"max_points": 60}), model=RedemptionPolicy
    ),
    "DELETE /api/v1/loyalty-management/redemption-policies/{id}/": Req(obj="policy"),
    "GET /api/v1/loyalty-management/redemption-policies/{id}/dry-run/": Req(obj="policy"),
    "GET /api/v1/loyalty-management/redemption-requests/": Req(),
    "POST /api/v1/loyalty-management/redemption-requests/": Req(
        body=lambda w, side, actor: {"item_id": side.item_spare.pk},
        model=RedemptionRequest,
        result="response",
    ),
    "GET /api/v1/loyalty-management/redemption-requests/{id}/": Req(obj="redemption"),
    "POST /api/v1/loyalty-management/redemption-requests/{id}/approve/": Req(
        obj="redemption", body=_fixed({"note": "OK"}), model=RedemptionRequest
    ),
    "POST /api/v1/loyalty-management/redemption-requests/{id}/cancel/": Req(
        obj="redemption", body=_fixed({"reason": "Changed my mind"}), model=RedemptionRequest
    ),
    "POST /api/v1/loyalty-management/redemption-requests/{id}/fulfill/": Req(
        obj="redemption_approved", body=_fixed({}), model=RedemptionRequest
    ),
    "POST /api/v1/loyalty-management/redemption-requests/{id}/reject/": Req(
        obj="redemption", body=_fixed({"reason": "Sold out"}), model=RedemptionRequest
    ),
    "GET /api/v1/approvals/settings/": Req(query=_website),
    "PATCH /api/v1/approvals/settings/": Req(
        query=_website,
        body=_fixed({"money_threshold": "900.00", "points_threshold": 20000}),
        model=ApprovalSettings,
        result="settings",
    ),
    "GET /api/v1/approvals/adjustments/": Req(),
    "GET /api/v1/approvals/adjustments/{id}/": Req(obj="adjustment"),
    "POST /api/v1/approvals/adjustments/{id}/approve/": Req(
        obj="adjustment", body=_fixed({"note": "Checked"}), model=PendingAdjustment
    ),
    "POST /api/v1/approvals/adjustments/{id}/reject/": Req(
        obj="adjustment", body=_fixed({"note": "No"}), model=PendingAdjustment
    ),
    "GET /api/v1/audit/": Req(),
    "GET /api/v1/audit/export/": Req(),
    "GET /api/v1/audit/{id}/": Req(obj="audit_entry"),
    "GET /api/v1/webhooks/event-types/": Req(),
    "GET /api/v1/webhooks/endpoints/": Req(),
    "POST /api/v1/webhooks/endpoints/": Req(
        body=_merge(
            _website,
            lambda w, side, actor: {
                "url": f"https://127.0.0.1:9/new-{_n()}",
                "event_types": ["tip.created"],
            },
        ),
        model=WebhookEndpoint,
        result="response",
    ),
    "GET /api/v1/webhooks/endpoints/{id}/": Req(obj="webhook_endpoint"),
    "PATCH /api/v1/webhooks/endpoints/{id}/": Req(
        obj="webhook_endpoint_spare",
        body=_fixed({"description": "Renamed", "event_types": ["tip.failed"]}),
        model=WebhookEndpoint,
    ),
    "DELETE /api/v1/webhooks/endpoints/{id}/": Req(obj="webhook_endpoint_spare"),
    "POST /api/v1/webhooks/endpoints/{id}/rotate-secret/": Req(
        obj="webhook_endpoint_spare", body=_fixed({"overlap_hours": 1}), model=WebhookEndpoint
    ),
    "POST /api/v1/webhooks/endpoints/{id}/resend/": Req(
        obj="webhook_endpoint",
        body=_fixed({"since": "2000-01-01T00:00:00Z"}),
        model=WebhookEndpoint,
    ),
    "GET /api/v1/webhooks/deliveries/": Req(),
    "GET /api/v1/webhooks/deliveries/{id}/": Req(obj="webhook_delivery"),
    "POST /api/v1/webhooks/deliveries/{id}/resend/": Req(
        obj="webhook_delivery", body=_fixed({}), model=WebhookDelivery
    ),
    "GET /api/v1/webhooks/events/": Req(),
    "GET /api/v1/webhooks/events/{event_id}/": Req(obj="webhook_event", lookup="event_id"),
}

# Lists: the rows each list returns, and how to tell website B's rows from A's -----------------------


@dataclass(frozen=True)
class Rows:
    model: type
    website_path: str  # the lookup from a row to its website id


LIST_ROWS: dict[str, Rows] = {
    "GET /api/v1/users/": Rows(User, "website_id"),
    "GET /api/v1/websites/": Rows(Website, "id"),
    "GET /api/v1/orders/": Rows(Order, "website_id"),
    "GET /api/v1/order-payments/wallets/": Rows(Wallet, "website_id"),
    "GET /api/v1/order-payments/wallets/{wallet_id}/transactions/": Rows(
        WalletTransaction, "wallet__website_id"
    ),
    "GET /api/v1/order-payments/payments/": Rows(OrderPayment, "website_id"),
    "GET /api/v1/order-payments/discounts/": Rows(Discount, "website_id"),
    "GET /api/v1/order-payments/discounts/{discount_id}/usages/": Rows(
        DiscountUsage, "discount__website_id"
    ),
    "GET /api/v1/class-management/bundles/": Rows(ClassBundle, "website_id"),
    "GET /api/v1/class-management/installments/": Rows(ClassInstallment, "bundle__website_id"),
    "GET /api/v1/fines/fine-types/": Rows(FineTypeConfig, "website_id"),
    "GET /api/v1/fines/fine-types/effective/": Rows(FineTypeConfig, "website_id"),
    "GET /api/v1/fines/fines/": Rows(Fine, "website_id"),
    "GET /api/v1/fines/appeals/": Rows(FineAppeal, "fine__website_id"),
    "GET /api/v1/writer-management/tips/": Rows(Tip, "website_id"),
    "GET /api/v1/writer-management/writer-level-configs/": Rows(WriterLevel, "website_id"),
    "GET /api/v1/writer-management/writer-profiles/": Rows(WriterProfile, "website_id"),
    "GET /api/v1/admin-management/tips/list_tips/": Rows(Tip, "website_id"),
    "GET /api/v1/loyalty-management/transactions/": Rows(LoyaltyTransaction, "website_id"),
    "GET /api/v1/loyalty-management/tiers/": Rows(LoyaltyTier, "website_id"),
    "GET /api/v1/loyalty-management/badges/": Rows(Badge, "website_id"),
    "GET /api/v1/loyalty-management/milestones/": Rows(Milestone, "website_id"),
    "GET /api/v1/loyalty-management/redemption-categories/": Rows(RedemptionCategory, "website_id"),
    "GET /api/v1/loyalty-management/redemption-items/": Rows(RedemptionItem, "website_id"),
    "GET /api/v1/loyalty-management/redemption-requests/": Rows(RedemptionRequest, "website_id"),
    "GET /api/v1/loyalty-management/redemption-policies/": Rows(RedemptionPolicy, "website_id"),
    "GET /api/v1/audit/": Rows(AuditEntry, "website_id"),
    "GET /api/v1/approvals/adjustments/": Rows(PendingAdjustment, "website_id"),
    "GET /api/v1/webhooks/endpoints/": Rows(WebhookEndpoint, "website_id"),
    "GET /api/v1/webhooks/deliveries/": Rows(WebhookDelivery, "endpoint__website_id"),
}

# Values tried for each documented query parameter of a GET: website A's, website B's, and junk.
# A parameter the schema documents but this table lacks fails the leak test until it is added.


def _ids(attr: str) -> Callable:
    return lambda w: [getattr(w.a, attr).pk, getattr(w.b, attr).pk]


FILTER_VALUES: dict[str, Callable[[Any], list]] = {
    "website_id": lambda w: [w.a.website.pk, w.b.website.pk, "x"],
    "client_id": lambda w: [w.a.client.pk, w.b.client.pk],
    "client": lambda w: [w.a.client.pk, w.b.client.pk],
    "writer_id": lambda w: [w.a.writer.pk, w.b.writer.pk],
    "assigned_writer_id": lambda w: [w.a.writer.pk, w.b.writer.pk],
    "user_id": lambda w: [w.a.client.pk, w.b.client.pk],
    "order_id": _ids("order_paid"),
    "bundle_id": _ids("bundle_active"),
    "class_bundle_id": _ids("bundle_active"),
    "fine_id": _ids("fine_appealed"),
    "level_id": _ids("level"),
    "item": _ids("item"),
    "category": _ids("category"),
    "search": lambda w: ["ZZB", "a"],
    "ordering": lambda w: ["id", "-id"],
    "date_from": lambda w: ["2000-01-01"],
    "date_to": lambda w: ["2100-01-01"],
    "days": lambda w: [1, 365],
    "limit": lambda w: [1000],
    "offset": lambda w: [0],
    # The first keyset page, and a forged cursor (position "1"): refused or served, never a leak.
    "cursor": lambda w: ["", "cD0x"],
    "fine_type_code": lambda w: [w.a.fine_type.code, w.b.fine_type.code],
    "code": lambda w: [w.a.fine_type.code, w.b.fine_type.code],
    "has_level": lambda w: ["true", "false"],
    "is_active": lambda w: ["true", "false"],
    "is_global": lambda w: ["true", "false"],
    "is_paid": lambda w: ["true", "false"],
    "is_overdue": lambda w: ["true", "false"],
    "overdue": lambda w: ["true", "false"],
    "thresholds": lambda w: ["0,1000000000", "0,5", "x"],
    "level": lambda w: [w.a.level.name, w.b.level.name, "x"],
    "percentage": lambda w: ["0", "45.5", "100"],
    "default_percentage": lambda w: ["0", "100"],
    "actor_id": lambda w: [w.a.admin.pk, w.b.admin.pk],
    "object_type": lambda w: ["order_payments_management.discount", "x"],
    "object_id": lambda w: [str(w.a.discount_unused.pk), str(w.b.discount_unused.pk)],
    "action": lambda w: ["discount.update", "x"],
    "endpoint_id": lambda w: [w.a.webhook_endpoint.pk, w.b.webhook_endpoint.pk],
}

# Server-owned fields: sent with every write, they must be ignored or refused.


def poison(w) -> dict:
    """Fields no caller may set; values a successful attack would leave in the database."""
    return {
        "status": "completed",
        "payment_status": "completed",
        "balance": "999999.00",
        "points_balance": 999999,
        "points_held": 0,
        "lifetime_points": 999999,
        "writer_earning": "1.00",
        "platform_profit": "0.00",
        "writer_percentage": "100.00",
        "used_count": 999,
        "total_redemptions": 999,
        "is_paid": True,
        "role": "superadmin",
        "website": w.b.website.pk,
        "website_id": w.b.website.pk,
        "client": w.b.client.pk,
        "created_by": w.b.admin.pk,
        "approved_by": w.b.admin.pk,
        "balance_after": 999999,
        "origin": "loyalty",
        "reference": "FORGED-REF",
    }


# Fields of the written row the poison must not have reached (when the row has such a field).
GUARDED_FIELDS = (
    "status",
    "payment_status",
    "balance",
    "points_balance",
    "lifetime_points",
    "writer_earning",
    "platform_profit",
    "writer_percentage",
    "used_count",
    "total_redemptions",
    "role",
    "created_by_id",
    "approved_by_id",
    "balance_after",
)

# Where each written model keeps its website (for "the row stays on the caller's website").
WEBSITE_OF: dict[type, str] = {
    Website: "id",
    Order: "website_id",
    OrderPayment: "website_id",
    Wallet: "website_id",
    WalletTransaction: "wallet__website_id",
    Discount: "website_id",
    ClassBundle: "website_id",
    ClassInstallment: "bundle__website_id",
    FineTypeConfig: "website_id",
    Fine: "website_id",
    FineAppeal: "fine__website_id",
    TipSettings: "website_id",
    Tip: "website_id",
    WriterLevel: "website_id",
    WriterProfile: "website_id",
    LoyaltySettings: "website_id",
    LoyaltyTransaction: "website_id",
    LoyaltyTier: "website_id",
    Badge: "website_id",
    Milestone: "website_id",
    RedemptionCategory: "website_id",
    RedemptionItem: "website_id",
    RedemptionRequest: "website_id",
    RedemptionPolicy: "website_id",
    User: "website_id",
    ApprovalSettings: "website_id",
    PendingAdjustment: "website_id",
    WebhookEndpoint: "website_id",
    WebhookDelivery: "endpoint__website_id",
}
