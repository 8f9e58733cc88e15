"""Two websites, A and B, each with one object of every kind the API exposes, in known states.

Everything is created through the apps' services (or, for states no service reaches directly,
the same calls a user's requests would make), so each row is one the API itself could have
made. Website B's text carries the marker `ZZB` and its prices the marker cents `.37`, so a
response that leaks B's rows to a user of A is visible in its body.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.test import override_settings
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import Role, User
from approvals.services import adjustment_request, approval_settings_update
from audit.models import AuditEntry
from class_management.services import (
    class_bundle_activate,
    class_bundle_create,
    class_bundle_installments_split,
)
from core.audit import Target, opened, scope_for_user
from fines.services import fine_appeal_create, fine_issue, fine_type_create
from loyalty_management.services import (
    loyalty_badge_create,
    loyalty_milestone_create,
    loyalty_settings_get_or_create,
    loyalty_tier_create,
    points_award,
    redemption_approve,
    redemption_category_create,
    redemption_create,
    redemption_item_create,
    redemption_policy_create,
)
from order_payments_management.models import PaymentMethod, WalletTransactionKind
from order_payments_management.services import (
    discount_create,
    discount_update,
    order_pay,
    wallet_credit,
    wallet_get_or_create,
)
from orders.services import order_create
from webhooks.models import WebhookDelivery, WebhookEvent
from webhooks.services import (
    deliveries_resend_since,
    deliveries_send,
    endpoint_create,
)
from websites.models import Website
from writer_management.services import (
    tip_create,
    tip_settings_get_or_create,
    writer_level_create,
    writer_profile_create,
)

PASSWORD = "hardening-pass-123"
B_MARKER = "ZZB"


@dataclass
class Side:
    """One website and its objects; attribute names are the object keys the tables use."""

    website: Website
    marker: str
    admin: User
    client: User
    writer: User
    writer_spare: User
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        objects = self.__dict__.get("objects", {})
        if name in objects:
            return objects[name]
        raise AttributeError(name)

    def user(self, role: str) -> User | None:
        return {"client": self.client, "writer": self.writer, "admin": self.admin}.get(role)


@dataclass
class World:
    a: Side
    b: Side
    superadmin: User

    def side(self, name: str) -> Side:
        return self.a if name == "a" else self.b

    def actor(self, role: str) -> User | None:
        """The user of website A who plays `role` (None: anonymous)."""
        if role == "superadmin":
            return self.superadmin
        return self.a.user(role)


def _user(username: str, role: str, website: Website | None, **extra) -> User:
    user = User(
        username=username,
        email=f"{username}@example.com",
        role=role,
        website=website,
        is_staff=role in (Role.ADMIN, Role.SUPERADMIN),
        is_superuser=role == Role.SUPERADMIN,
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def _cents(side_marker: str, amount: str) -> Decimal:
    """B's prices end in .37 so a leaked B amount stands out in A's responses."""
    value = Decimal(amount)
    return value + Decimal("0.37") if side_marker == B_MARKER else value


def _build_side(slug: str, marker: str) -> Side:
    website = Website.objects.create(
        name=f"Site {slug.upper()} {marker}".strip(),
        domain=f"{slug}-hardening.example.com",
        slug=f"{slug}-hardening",
    )
    tag = f"{slug}{marker.lower()}"
    side = Side(
        website=website,
        marker=marker,
        admin=_user(f"admin_{tag}", Role.ADMIN, website),
        client=_user(f"client_{tag}", Role.CLIENT, website),
        writer=_user(f"writer_{tag}", Role.WRITER, website),
        writer_spare=_user(f"writer2_{tag}", Role.WRITER, website),
    )
    o = side.objects
    o["client_spare"] = _user(f"client2_{tag}", Role.CLIENT, website)
    o["admin_spare"] = _user(f"admin2_{tag}", Role.ADMIN, website)
    admin, client, writer = side.admin, side.client, side.writer

    # Money: the client's wallet is well funded; the writer's wallet exists.
    o["wallet"] = wallet_get_or_create(user=client, website=website)
    wallet_credit(
        wallet=o["wallet"],
        amount=_cents(marker, "5000.00"),
        kind=WalletTransactionKind.TOPUP,
        reason=f"Top-up {marker}",
    )
    o["writer_wallet"] = wallet_get_or_create(user=writer, website=website)

    # Orders: one unpaid, one paid from the wallet (its payment completed), one paid manually
    # and still waiting for an admin, one in progress (for fines).
    def order(title: str, price: str = "120.00"):
        return order_create(
            website=website,
            client=client,
            writer=writer,
            title=f"{title} {marker}".strip(),
            total_price=_cents(marker, price),
            writer_compensation=Decimal("70.00"),
        )

    o["order"] = order("Unpaid essay")
    o["order_paid"] = order("Paid essay")
    o["discount"] = discount_create(
        website=website,
        created_by=admin,
        code=f"WELCOME{tag}".upper(),
        discount_type="percent",
        value=Decimal("10.00"),
        description=f"Welcome {marker}",
    )
    o["payment_completed"] = order_pay(
        order=o["order_paid"], client=client, discount_code=o["discount"].code
    )
    o["order_manual"] = order("Manual essay")
    o["payment_manual"] = order_pay(
        order=o["order_manual"], client=client, method=PaymentMethod.MANUAL
    )
    o["discount_unused"] = discount_create(
        website=website,
        created_by=admin,
        code=f"SPARE{tag}".upper(),
        discount_type="fixed",
        value=Decimal("5.00"),
    )
    o["wallet_transaction"] = o["wallet"].transactions.first()

    # Classes: a draft with a schedule; an active one with an unpaid deposit; an active one without a deposit
    # (its installments are payable at once).
    def bundle(title: str, deposit: str):
        return class_bundle_create(
            website=website,
            client=client,
            assigned_writer=writer,
            title=f"{title} {marker}".strip(),
            total_price=_cents(marker, "300.00"),
            deposit_required=Decimal(deposit),
            created_by=admin,
        )

    o["bundle_draft"] = bundle("Draft class", "50.00")
    class_bundle_installments_split(bundle=o["bundle_draft"], count=2, interval_days=30)
    o["bundle_deposit"] = bundle("Class with deposit", "50.00")
    class_bundle_installments_split(bundle=o["bundle_deposit"], count=2, interval_days=30)
    class_bundle_activate(bundle=o["bundle_deposit"])
    o["bundle_active"] = bundle("Class without deposit", "0")
    class_bundle_installments_split(bundle=o["bundle_active"], count=3, interval_days=30)
    class_bundle_activate(bundle=o["bundle_active"])
    o["installment"] = o["bundle_active"].installments.order_by("installment_number").first()

    # Fines: the website's own type, a fine to decide, a fine to appeal, an appealed fine.
    o["fine_type"] = fine_type_create(
        website=website,
        code=f"late-{tag}",
        name=f"Late {marker}".strip(),
        calculation="fixed",
        amount=Decimal("10.00"),
    )
    o["fine_type_spare"] = fine_type_create(
        website=website,
        code=f"spare-{tag}",
        name=f"Spare {marker}".strip(),
        calculation="fixed",
        amount=Decimal("5.00"),
    )
    o["order_fined"] = order("Fined essay")

    def fine():
        return fine_issue(
            order=o["order_fined"],
            fine_type_code=o["fine_type"].code,
            reason=f"Late {marker}",
            issued_by=admin,
        )

    o["fine"] = fine()
    o["fine_appealable"] = fine()
    o["fine_appealed"] = fine()
    o["appeal"] = fine_appeal_create(
        fine=o["fine_appealed"], writer=writer, reason=f"Deadline moved {marker}"
    )

    # Tips: levels and profiles, then a completed, a failed and a pending manual tip.
    tip_settings_get_or_create(website=website)
    o["level"] = writer_level_create(
        website=website, name=f"Senior {marker}".strip(), tip_percentage=Decimal("40.00")
    )
    o["level_spare"] = writer_level_create(
        website=website, name=f"Spare {marker}".strip(), tip_percentage=Decimal("30.00")
    )
    o["writer_profile"] = writer_profile_create(
        writer=writer, level_id=o["level"].pk, pen_name=f"Quill {marker}"
    )

    def tip(amount: str, method: str = PaymentMethod.WALLET, tipper=None):
        return tip_create(
            client=tipper or client,
            writer_id=writer.pk,
            tip_amount=_cents(marker, amount),
            tip_reason=f"Thanks {marker}",
            order_id=o["order_paid"].pk if tipper is None else None,
            payment_method=method,
        )

    o["tip"] = tip("25.00")
    o["tip_manual"] = tip("15.00", PaymentMethod.MANUAL)
    o["tip_failed"] = tip("40.00", tipper=o["client_spare"])  # the spare client has no money
    o["tip_failed_own"] = tip("4990.00")  # more than the client's wallet holds: failed

    # Loyalty: a program with a tier, a badge, a milestone, a catalog and requests.
    loyalty_settings_get_or_create(website=website)
    o["tier"] = loyalty_tier_create(
        website=website, name=f"Gold {marker}".strip(), rank=1, min_lifetime_points=0
    )
    o["tier_spare"] = loyalty_tier_create(
        website=website, name=f"Platinum {marker}".strip(), rank=9, min_lifetime_points=10**9
    )
    o["badge"] = loyalty_badge_create(website=website, name=f"Star {marker}".strip())
    o["badge_spare"] = loyalty_badge_create(website=website, name=f"Spare {marker}".strip())
    o["milestone"] = loyalty_milestone_create(
        website=website,
        name=f"First thousand {marker}".strip(),
        kind="lifetime_points",
        threshold=Decimal("1000000"),
        badge=o["badge"],
    )
    o["category"] = redemption_category_create(website=website, name=f"Goods {marker}".strip())
    o["category_spare"] = redemption_category_create(
        website=website, name=f"Spare {marker}".strip()
    )
    o["item"] = redemption_item_create(
        website=website,
        category=o["category"],
        name=f"Mug {marker}".strip(),
        points_required=100,
        redemption_type="product",
        stock_quantity=50,
    )
    o["item_spare"] = redemption_item_create(
        website=website,
        category=o["category"],
        name=f"Pen {marker}".strip(),
        points_required=10,
        redemption_type="product",
    )
    # An inactive policy (an active one would approve the world's requests on creation).
    o["policy"] = redemption_policy_create(
        website=website, name=f"Small goods {marker}".strip(), max_points=50, is_active=False
    )
    o["points_award"] = points_award(
        client=client, points=5000, reason=f"Welcome {marker}", awarded_by=admin
    )
    o["loyalty_transaction"] = o["points_award"]
    o["redemption"] = redemption_create(client=client, item_id=o["item"].pk)
    o["redemption_approved"] = redemption_approve(
        redemption=redemption_create(client=client, item_id=o["item"].pk), approved_by=admin
    )

    # Webhooks: an endpoint that took the completed tip and failed it for good (a receiver
    # that refuses connections, no retry window), and a spare endpoint.
    o["webhook_endpoint"], _ = endpoint_create(
        website=website,
        url="https://127.0.0.1:9/hook",
        event_types=["tip.completed", "wallet.credited"],
        description=f"Hooks {marker}",
        created_by=admin,
    )
    o["webhook_endpoint_spare"], _ = endpoint_create(
        website=website, url="https://127.0.0.1:9/spare", event_types=["tip.refunded"]
    )
    o["webhook_event"] = WebhookEvent.objects.filter(
        website=website, type="tip.completed", object_id=str(o["tip"].pk)
    ).get()
    deliveries_resend_since(o["webhook_endpoint"], since=o["webhook_event"].occurred_at)
    with override_settings(WEBHOOK_RETRY_WINDOW_HOURS=0):
        deliveries_send(o["webhook_endpoint"].pk)
    o["webhook_delivery"] = WebhookDelivery.objects.filter(
        endpoint=o["webhook_endpoint"], event=o["webhook_event"]
    ).get()

    # Four-eyes: the website's settings (no thresholds: nothing waits), and a large credit the
    # spare admin asked for, waiting for another admin.
    approval_settings_update(website=website, expiry_hours=72)
    o["adjustment"] = adjustment_request(
        website_id=website.pk,
        kind="wallet_credit",
        target=o["wallet"],
        amount=Decimal("600.00"),
        reason=f"Goodwill {marker}",
        requested_by=o["admin_spare"],
    )

    # Audit: the admin describing the spare discount, as the API records it.
    with opened(scope_for_user(admin, source="api")), transaction.atomic():
        target = Target(type(o["discount_unused"]), {"pk": o["discount_unused"].pk})
        discount_update(discount=o["discount_unused"], description=f"Spare code {marker}")
        target.record("discount.update")
    o["audit_entry"] = AuditEntry.objects.filter(website_id=website.pk).latest("id")
    return side


def build_world() -> World:
    """Create websites A and B with every kind of object, and a superadmin."""
    a = _build_side("a", "")
    b = _build_side("b", B_MARKER)
    superadmin = _user("superadmin_hardening", Role.SUPERADMIN, None)
    return World(a=a, b=b, superadmin=superadmin)


def access_token(user: User) -> str:
    return str(RefreshToken.for_user(user).access_token)


def refresh_token(user: User) -> str:
    return str(RefreshToken.for_user(user))
