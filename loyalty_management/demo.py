"""Demo loyalty program for `manage.py seed_demo` (idempotent).

Each website gets its settings, a four-tier ladder, badges and milestones, a catalog with every
kind of reward, points (the demo payments' earnings plus a welcome award), and redemption
requests in every state. Everything goes through the services, so balances match the ledger.
"""

from decimal import Decimal

from core.demo_support import demo_random
from loyalty_management.models import (
    Badge,
    LoyaltyTier,
    LoyaltyTransaction,
    LoyaltyTransactionKind,
    Milestone,
    MilestoneKind,
    RedemptionCategory,
    RedemptionItem,
    RedemptionRequest,
    RedemptionType,
)
from loyalty_management.selectors import EARNING_PAYMENT_TYPES
from loyalty_management.services import (
    loyalty_badge_create,
    loyalty_milestone_create,
    loyalty_settings_update,
    loyalty_tier_create,
    points_award,
    points_earn_for_payment,
    points_refund_for_payment,
    redemption_approve,
    redemption_cancel,
    redemption_category_create,
    redemption_create,
    redemption_fulfill,
    redemption_item_create,
    redemption_reject,
)
from order_payments_management.models import OrderPayment, PaymentStatus

WELCOME_REASON = "Welcome bonus (demo)"
DEMO_TIERS = (
    ("Bronze", 1, 0, "1.00", ["Earn 1 point per 1.00 paid"]),
    ("Silver", 2, 1000, "1.10", ["10% more points on every payment"]),
    ("Gold", 3, 2500, "1.25", ["25% more points on every payment", "Priority support"]),
    ("Platinum", 4, 6000, "1.50", ["50% more points on every payment", "A dedicated manager"]),
)
# (badge name, icon, milestone kind, threshold, bonus points)
DEMO_MILESTONES = (
    ("First order", "🎉", MilestoneKind.ORDERS_PAID, "1", 50),
    ("Loyal customer", "⭐", MilestoneKind.LIFETIME_POINTS, "2000", 100),
    ("Big spender", "💎", MilestoneKind.AMOUNT_SPENT, "500.00", 200),
)
DEMO_CATEGORIES = (
    ("Discounts", "Codes off your next order.", 10),
    ("Wallet credit", "Money added to your wallet.", 20),
    ("Vouchers", "Partner vouchers.", 30),
    ("Merchandise", "Things we ship to you.", 40),
    ("Services", "Extra help from our experts.", 50),
)
DEMO_ITEMS = (
    {
        "category": "Discounts",
        "name": "$10 off your next order",
        "redemption_type": RedemptionType.DISCOUNT,
        "points_required": 500,
        "discount_amount": Decimal("10.00"),
    },
    {
        "category": "Discounts",
        "name": "15% off your next order",
        "redemption_type": RedemptionType.DISCOUNT,
        "points_required": 800,
        "discount_percentage": Decimal("15.00"),
    },
    {
        "category": "Wallet credit",
        "name": "$20 wallet credit",
        "redemption_type": RedemptionType.CASH,
        "points_required": 1000,
        "cash_amount": Decimal("20.00"),
    },
    {
        "category": "Vouchers",
        "name": "Coffee voucher",
        "redemption_type": RedemptionType.VOUCHER,
        "points_required": 300,
        "stock_quantity": 100,
    },
    {
        "category": "Merchandise",
        "name": "Branded hoodie",
        "redemption_type": RedemptionType.PRODUCT,
        "points_required": 1200,
        "stock_quantity": 20,
        "max_per_client": 1,
        "image_url": "https://cdn.example.com/rewards/hoodie.png",
    },
    {
        "category": "Merchandise",
        "name": "Branded mug",
        "redemption_type": RedemptionType.PRODUCT,
        "points_required": 400,
        "stock_quantity": 50,
        "max_per_client": 3,
    },
    {
        "category": "Services",
        "name": "Priority support for a month",
        "redemption_type": RedemptionType.SERVICE,
        "points_required": 600,
        "min_tier_level": 2,
    },
    {
        "category": "Services",
        "name": "Expert review of a draft",
        "redemption_type": RedemptionType.SERVICE,
        "points_required": 2000,
        "min_tier_level": 3,
    },
)


def _program(website) -> None:
    expiry = 12 if website.slug == "alpha" else None
    loyalty_settings_update(
        website=website,
        points_per_currency_unit=Decimal("1.00"),
        points_expiry_months=expiry,
        is_active=True,
    )
    for name, rank, threshold, multiplier, perks in DEMO_TIERS:
        if not LoyaltyTier.objects.filter(website=website, name=name).exists():
            loyalty_tier_create(
                website=website,
                name=name,
                rank=rank,
                min_lifetime_points=threshold,
                multiplier=Decimal(multiplier),
                perks=perks,
            )
    for name, icon, kind, threshold, bonus in DEMO_MILESTONES:
        badge = Badge.objects.filter(website=website, name=name).first() or loyalty_badge_create(
            website=website, name=name, icon=icon, description=f"Reached: {name.lower()}."
        )
        if not Milestone.objects.filter(website=website, name=name).exists():
            loyalty_milestone_create(
                website=website,
                name=name,
                kind=kind,
                threshold=Decimal(threshold),
                badge=badge,
                bonus_points=bonus,
            )


def _points(website, admin, clients, rng) -> None:
    """Earn what the demo payments earn (usually done already by the signals), then welcome."""
    payments = OrderPayment.objects.filter(
        website=website, payment_type__in=EARNING_PAYMENT_TYPES
    ).order_by("id")
    for payment in payments:
        if payment.status == PaymentStatus.COMPLETED:
            points_earn_for_payment(payment=payment)
        elif payment.status == PaymentStatus.REFUNDED:
            points_refund_for_payment(payment=payment)
    for number, client in enumerate(clients, start=1):
        already = LoyaltyTransaction.objects.filter(
            account__client=client, kind=LoyaltyTransactionKind.ADJUST, reason=WELCOME_REASON
        ).exists()
        if not already:
            points_award(
                client=client,
                points=1500 + 400 * number + rng.randrange(0, 100),
                reason=WELCOME_REASON,
                awarded_by=admin,
            )


def _catalog(website) -> dict[str, RedemptionItem]:
    categories = {}
    for name, description, sort_order in DEMO_CATEGORIES:
        categories[name] = RedemptionCategory.objects.filter(
            website=website, name=name
        ).first() or redemption_category_create(
            website=website, name=name, description=description, sort_order=sort_order
        )
    items = {}
    for spec in DEMO_ITEMS:
        fields = {**spec, "category": categories[spec["category"]]}
        items[spec["name"]] = RedemptionItem.objects.filter(
            website=website, name=spec["name"]
        ).first() or redemption_item_create(website=website, **fields)
    return items


def _requests(website, admin, clients, items) -> None:
    """One request in every state (and each instant type), unless the website has requests."""
    if RedemptionRequest.objects.filter(website=website).exists():
        return

    def request(client, name, **kwargs):
        return redemption_create(client=client, item_id=items[name].pk, **kwargs)

    shipping = {"shipping_address": "12 Elm Street, Springfield"}
    first, second, third, fourth, fifth, sixth = clients[:6]
    request(first, "$10 off your next order")  # fulfilled at once
    request(first, "Branded hoodie", fulfillment_details=shipping)  # pending
    request(second, "$20 wallet credit")  # fulfilled at once
    redemption_approve(
        redemption=request(second, "Branded mug", fulfillment_details=shipping),
        approved_by=admin,
        note="In stock, shipping this week.",
    )  # approved
    request(third, "Coffee voucher")  # fulfilled at once
    shipped = request(third, "Branded hoodie", fulfillment_details=shipping)
    redemption_approve(redemption=shipped, approved_by=admin)
    redemption_fulfill(
        redemption=shipped, fulfilled_by=admin, fulfillment_details={"tracking_number": "1Z999"}
    )  # fulfilled by an admin
    redemption_reject(
        redemption=request(fourth, "Priority support for a month"),
        rejected_by=admin,
        reason="Priority support is paused during the holidays.",
    )  # rejected
    redemption_cancel(
        redemption=request(fifth, "Branded mug", fulfillment_details=shipping),
        cancelled_by=fifth,
        reason="Ordered by mistake.",
    )  # cancelled by the client
    request(sixth, "15% off your next order")  # fulfilled at once
    cancelled = request(sixth, "Branded mug", fulfillment_details=shipping)
    redemption_approve(redemption=cancelled, approved_by=admin)
    redemption_cancel(
        redemption=cancelled, cancelled_by=admin, reason="Out of this colour; points refunded."
    )  # approved, then cancelled by an admin


def seed(context: dict) -> None:
    rng = demo_random("loyalty_management")
    for website in context["websites"]:
        slug = website.slug
        admin, clients = context["admins"][slug], context["clients"][slug]
        _program(website)
        _points(website, admin, clients, rng)
        _requests(website, admin, clients, _catalog(website))
