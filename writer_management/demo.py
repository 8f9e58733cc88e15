"""Demo data: writer levels, writer profiles, tip settings and a year of tips per demo website.

Money moves through the services (wallet tips, manual confirmations, refunds). A failed tip
moves no money, so it is recorded as the service records one: its payment goes
pending → processing → failed. `sent_at` is then spread over the last year with one update, and
the website's tip statistics are rebuilt.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from class_management.models import ClassBundle
from core.demo_support import demo_random
from order_payments_management.models import PaymentStatus, PaymentType, WalletTransactionKind
from order_payments_management.services import (
    payment_create,
    payment_transition,
    wallet_credit,
    wallet_get_or_create,
)
from writer_management.models import (
    Tip,
    TipPaymentMethod,
    TipPaymentStatus,
    TipType,
    WriterLevel,
    WriterProfile,
)
from writer_management.selectors import tip_split, writer_tip_share_get
from writer_management.services import (
    tip_confirm_payment,
    tip_create,
    tip_refund,
    tip_settings_get_or_create,
    writer_level_create,
    writer_profile_create,
)

LEVELS = (
    ("Junior", Decimal("30.00")),
    ("Intermediate", Decimal("40.00")),
    ("Senior", Decimal("50.00")),
)
TIPS_PER_WEBSITE = 150
AMOUNTS = (5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 250)
REASONS = (
    "Thank you for the quick turnaround!",
    "Excellent research and sources.",
    "Great communication throughout.",
    "Delivered ahead of the deadline.",
    "Very clear explanations in class.",
    "Went above and beyond on the revisions.",
)
# How each demo tip ends, with its weight out of 100.
OUTCOMES = (
    ("completed", 68),
    ("refunded", 8),
    ("failed", 8),
    ("pending", 8),
    ("confirmed", 8),
)


def _levels(website) -> list[WriterLevel]:
    levels = []
    for order, (name, percentage) in enumerate(LEVELS, start=1):
        level = WriterLevel.objects.filter(website=website, name__iexact=name).first()
        if level is None:
            level = writer_level_create(
                website=website, name=name, tip_percentage=percentage, display_order=order
            )
        levels.append(level)
    return levels


def _profiles(writers, levels) -> None:
    """Give each demo writer a profile; the last one has no level (the website's default)."""
    for n, writer in enumerate(writers):
        if WriterProfile.objects.filter(user=writer).exists():
            continue
        level = levels[n % len(levels)] if n < len(writers) - 1 else None
        writer_profile_create(
            writer=writer,
            level_id=level.pk if level else None,
            pen_name=f"{writer.first_name or writer.username} (pen)",
        )


def _ensure_funds(client, amount: Decimal, admin) -> None:
    wallet = wallet_get_or_create(user=client, website=client.website)
    if wallet.balance < amount:
        wallet_credit(
            wallet=wallet,
            amount=amount - wallet.balance + Decimal("100.00"),
            kind=WalletTransactionKind.ADMIN_CREDIT,
            reason="Demo funds",
            created_by=admin,
        )


def _failed_tip(*, client, writer, amount, reason, tip_type, order, bundle) -> Tip:
    """Record a wallet tip whose charge failed, exactly as `tip_create` records one."""
    share = writer_tip_share_get(writer_id=writer.pk, website_id=client.website_id)
    writer_earning, platform_profit = tip_split(
        tip_amount=amount, writer_percentage=share.percentage
    )
    failure = f"Insufficient wallet balance: Needs {amount}; the wallet balance was lower."
    payment = payment_create(
        website=client.website,
        client=client,
        amount=amount,
        payment_type=PaymentType.TIP,
        method=TipPaymentMethod.WALLET,
        created_by=client,
        description=f"Tip to writer {writer.pk}",
    )
    payment = payment_transition(payment=payment, status=PaymentStatus.PROCESSING)
    payment_transition(payment=payment, status=PaymentStatus.FAILED, failure_reason=failure)
    return Tip.objects.create(
        website=client.website,
        client=client,
        writer=writer,
        tip_type=tip_type,
        order=order,
        class_bundle=bundle,
        tip_amount=amount,
        tip_reason=reason,
        writer_level=share.level,
        writer_level_name=share.level.name if share.level else "",
        writer_percentage=share.percentage,
        writer_earning=writer_earning,
        platform_profit=platform_profit,
        payment=payment,
        payment_method=TipPaymentMethod.WALLET,
        payment_status=TipPaymentStatus.FAILED,
        failure_reason=failure,
    )


def _pick_outcome(rng) -> str:
    roll = rng.randrange(100)
    for outcome, weight in OUTCOMES:
        if roll < weight:
            return outcome
        roll -= weight
    return OUTCOMES[0][0]


def _tips(website, context, rng) -> int:
    slug = website.slug
    admin, clients = context["admins"][slug], context["clients"][slug]
    writers = context["writers"][slug]
    orders = [order for order in context.get("orders", {}).get(slug, []) if order.writer_id]
    bundles = list(
        ClassBundle.objects.filter(
            website=website, assigned_writer__isnull=False, client__in=clients
        ).select_related("client", "assigned_writer")
    )
    now = timezone.now()
    sent_at: dict[int, object] = {}
    for n in range(TIPS_PER_WEBSITE):
        roll = rng.random()
        order = bundle = None
        if orders and roll < 0.4:
            order = rng.choice(orders)
            client, writer, tip_type = order.client, order.writer, TipType.ORDER
        elif bundles and roll < 0.6:
            bundle = rng.choice(bundles)
            client, writer, tip_type = bundle.client, bundle.assigned_writer, TipType.CLASS
        else:
            client, writer, tip_type = rng.choice(clients), rng.choice(writers), TipType.DIRECT
        amount = Decimal(rng.choice(AMOUNTS)) + Decimal(rng.choice((0, 0, 50, 99))) / 100
        reason = rng.choice(REASONS)
        outcome = _pick_outcome(rng)
        if outcome == "failed":
            tip = _failed_tip(
                client=client,
                writer=writer,
                amount=amount,
                reason=reason,
                tip_type=tip_type,
                order=order,
                bundle=bundle,
            )
        else:
            manual = outcome in ("pending", "confirmed")
            if not manual:
                _ensure_funds(client, amount, admin)
            tip = tip_create(
                client=client,
                writer_id=writer.pk,
                tip_amount=amount,
                tip_reason=reason,
                order_id=order.pk if order else None,
                class_bundle_id=bundle.pk if bundle else None,
                payment_method=TipPaymentMethod.MANUAL if manual else TipPaymentMethod.WALLET,
            )
            if outcome == "confirmed":
                tip_confirm_payment(tip=tip, confirmed_by=admin, reference=f"DEMO-BANK-{n:04d}")
            elif outcome == "refunded":
                tip_refund(tip=tip, refunded_by=admin, reason="Demo: client disputed the charge.")
        sent_at[tip.pk] = now - timedelta(seconds=rng.randrange(365 * 24 * 3600))
    backdated = list(Tip.objects.filter(pk__in=sent_at))
    for tip in backdated:
        tip.sent_at = sent_at[tip.pk]
    # The tips' statistics follow the days they now carry: `tip_stats.demo` rebuilds them.
    Tip.objects.bulk_update(backdated, ["sent_at"], batch_size=500)
    return len(backdated)


def seed(context: dict) -> None:
    rng = demo_random("writer_management")
    for website in context["websites"]:
        tip_settings_get_or_create(website=website)
        levels = _levels(website)
        _profiles(context["writers"][website.slug], levels)
        if not Tip.objects.filter(website=website).exists():
            _tips(website, context, rng)
