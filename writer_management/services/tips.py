"""Tips: send one (from the wallet or paid manually), confirm, retry and refund it; the writer's share moves with it."""

from decimal import Decimal

from django.db import transaction

from accounts.models import Role, User
from class_management.models import ClassBundle
from core.exceptions import DomainError, NotFound
from core.money import ZERO, has_at_most_two_places
from core.outbox import emit_for, row_payload
from order_payments_management.exceptions import InsufficientFunds
from order_payments_management.models import (
    OrderPayment,
    PaymentStatus,
    PaymentType,
    WalletTransactionKind,
)
from order_payments_management.selectors import tip_earning_reason
from order_payments_management.services import (
    payment_charge_wallet,
    payment_confirm_manual,
    payment_create,
    payment_create_from_wallet,
    payment_refund,
    payment_transition,
    wallet_credit_to,
    wallet_debit,
    wallet_get_or_create,
)
from orders.models import Order
from writer_management.exceptions import (
    TipNotManual,
    TipNotWallet,
    TipRefundNotCovered,
    TipRefused,
    TipTransitionRefused,
)
from writer_management.models import (
    Tip,
    TipPaymentMethod,
    TipPaymentStatus,
    TipSettings,
    TipType,
)
from writer_management.selectors import tip_split, writer_tip_share_of
from writer_management.services.settings import tip_settings_get_or_create
from writer_management.signals import tip_changed


def _check_tip_amount(tip_amount: Decimal, tip_settings: TipSettings) -> Decimal:
    if isinstance(tip_amount, float):
        raise TypeError("Money amounts are Decimal, never float.")
    tip_amount = Decimal(tip_amount)
    if tip_amount <= ZERO:
        raise TipRefused(
            "A tip must be more than zero.", field="tip_amount", code="tip_amount_not_positive"
        )
    if not has_at_most_two_places(tip_amount):
        raise TipRefused(
            "A tip is in whole cents (at most two decimals).",
            field="tip_amount",
            code="tip_amount_precision",
        )
    if tip_amount < tip_settings.min_tip_amount:
        raise TipRefused(
            f"The smallest tip on this website is {tip_settings.min_tip_amount}.",
            field="tip_amount",
            code="tip_amount_below_minimum",
        )
    if tip_amount > tip_settings.max_tip_amount:
        raise TipRefused(
            f"The largest tip on this website is {tip_settings.max_tip_amount}.",
            field="tip_amount",
            code="tip_amount_above_maximum",
        )
    return tip_amount


def _tip_writer(*, client: User, writer_id: int) -> User:
    if writer_id == client.pk:
        raise TipRefused("You cannot tip yourself.", field="writer_id", code="self_tip")
    writer = User.objects.select_related("writer_profile__level").filter(pk=writer_id).first()
    if (
        writer is None
        or writer.role != Role.WRITER
        or not writer.is_active
        or writer.website_id != client.website_id
    ):
        raise TipRefused(
            f"User {writer_id} is not an active writer of this website.",
            field="writer_id",
            code="invalid_writer",
        )
    return writer


def _tip_reference(
    *, client: User, writer: User, order_id: int | None, class_bundle_id: int | None
) -> tuple[str, Order | None, ClassBundle | None]:
    """Infer the tip type from the reference given, and check the reference fits the tip."""
    if order_id is not None and class_bundle_id is not None:
        raise TipRefused(
            "A tip refers to an order or to a class bundle, not both.",
            field="class_bundle_id",
            code="tip_reference_conflict",
        )
    if order_id is not None:
        order = Order.objects.filter(pk=order_id, website_id=client.website_id).first()
        if order is None or order.client_id != client.pk:
            raise TipRefused(
                f"Order {order_id} is not one of your orders.",
                field="order_id",
                code="invalid_order",
            )
        if order.writer_id != writer.pk:
            raise TipRefused(
                f"Order {order_id} was not written by writer {writer.pk}.",
                field="order_id",
                code="order_writer_mismatch",
            )
        return TipType.ORDER, order, None
    if class_bundle_id is not None:
        bundle = ClassBundle.objects.filter(
            pk=class_bundle_id, website_id=client.website_id
        ).first()
        if bundle is None or bundle.client_id != client.pk:
            raise TipRefused(
                f"Class bundle {class_bundle_id} is not one of your classes.",
                field="class_bundle_id",
                code="invalid_class_bundle",
            )
        if bundle.assigned_writer_id != writer.pk:
            raise TipRefused(
                f"Class bundle {class_bundle_id} is not assigned to writer {writer.pk}.",
                field="class_bundle_id",
                code="class_bundle_writer_mismatch",
            )
        return TipType.CLASS, None, bundle
    return TipType.DIRECT, None, None


TIP_EVENT_FIELDS = (
    "id",
    "client_id",
    "writer_id",
    "tip_type",
    "order_id",
    "class_bundle_id",
    "tip_amount",
    "writer_percentage",
    "writer_earning",
    "platform_profit",
    "writer_level_name",
    "payment_method",
    "payment_status",
    "payment_id",
    "failure_reason",
    "sent_at",
)
_STATUS_EVENTS = {
    TipPaymentStatus.COMPLETED: "tip.completed",
    TipPaymentStatus.FAILED: "tip.failed",
    TipPaymentStatus.REFUNDED: "tip.refunded",
}


def _tip_announce(tip: Tip, *, created: bool = False) -> None:
    """Tell the rollups (`tip_changed`) and the outbox (the tip's events) in this transaction."""
    payload = row_payload(tip, TIP_EVENT_FIELDS)
    if created:
        emit_for("tip.created", tip, payload)
    if tip.payment_status in _STATUS_EVENTS:
        emit_for(_STATUS_EVENTS[tip.payment_status], tip, payload)
    tip_changed.send(sender=Tip, tip=tip)


def _tip_save_status(tip: Tip) -> None:
    tip.save(update_fields=["payment_status", "failure_reason", "updated_at"])
    _tip_announce(tip)


def _writer_credit(*, tip: Tip, payment: OrderPayment, actor: User) -> None:
    """Credit the writer's share; the platform's share stays recorded on the tip."""
    if tip.writer_earning <= ZERO:  # a 0 % level: the whole tip is the platform's
        return
    wallet_credit_to(
        user=tip.writer,
        website=tip.website,
        amount=tip.writer_earning,
        kind=WalletTransactionKind.EARNING,
        reason=tip_earning_reason(tip_id=tip.pk),  # the writer's ledger: never the split
        created_by=actor,
        payment=payment,
        reference=f"tip:{tip.pk}",
    )


def _tip_charge_wallet(*, tip: Tip, payment: OrderPayment, actor: User) -> Tip:
    """Charge a processing wallet tip: completed (writer credited), or failed when funds are short.

    The debit and the credit share a savepoint, so a short balance leaves no ledger row behind.
    """
    try:
        with transaction.atomic():
            payment = payment_charge_wallet(payment=payment, created_by=actor)
            _writer_credit(tip=tip, payment=payment, actor=actor)
    except InsufficientFunds as error:
        reason = f"Insufficient wallet balance: {error.message}"
        payment_transition(payment=payment, status=PaymentStatus.FAILED, failure_reason=reason)
        tip.payment_status, tip.failure_reason = TipPaymentStatus.FAILED, reason[:255]
    else:
        tip.payment_status, tip.failure_reason = TipPaymentStatus.COMPLETED, ""
    _tip_save_status(tip)
    return tip


@transaction.atomic
def tip_create(
    *,
    client: User,
    writer_id: int,
    tip_amount: Decimal,
    tip_reason: str,
    order_id: int | None = None,
    class_bundle_id: int | None = None,
    payment_method: str = TipPaymentMethod.WALLET,
) -> Tip:
    """Send a tip from a client to a writer of the client's website.

    The type follows the reference (an order, a class bundle, or none: direct). The writer's
    percentage is their level's at this moment (the website's default without a level) and is
    stored with the split. A wallet tip is paid at once; when the balance is short the tip is
    stored `failed` (not an error) for `tip_process_payment` to retry. A manual tip waits,
    `pending`, for an admin to confirm the off-platform payment.
    """
    if not client.is_client or client.website_id is None:
        raise DomainError("Only clients send tips.", code="permission_denied")
    website = client.website
    tip_reason = (tip_reason or "").strip()
    if not tip_reason:
        raise TipRefused("Say what the tip is for.", field="tip_reason", code="required")
    if payment_method not in TipPaymentMethod.values:
        raise TipRefused(
            f"Unknown payment method {payment_method!r}.",
            field="payment_method",
            code="invalid_payment_method",
        )
    tip_settings = tip_settings_get_or_create(website=website)
    tip_amount = _check_tip_amount(tip_amount, tip_settings)
    writer = _tip_writer(client=client, writer_id=writer_id)
    tip_type, order, bundle = _tip_reference(
        client=client, writer=writer, order_id=order_id, class_bundle_id=class_bundle_id
    )
    share = writer_tip_share_of(writer=writer, tip_settings=tip_settings)
    writer_earning, platform_profit = tip_split(
        tip_amount=tip_amount, writer_percentage=share.percentage
    )
    fields = {
        "website": website,
        "client": client,
        "writer": writer,
        "tip_type": tip_type,
        "order": order,
        "class_bundle": bundle,
        "tip_amount": tip_amount,
        "tip_reason": tip_reason,
        "writer_level": share.level,
        "writer_level_name": share.level.name if share.level else "",
        "writer_percentage": share.percentage,
        "writer_earning": writer_earning,
        "platform_profit": platform_profit,
        "payment_method": payment_method,
    }
    description = f"Tip to writer {writer.pk}"
    if payment_method == TipPaymentMethod.MANUAL:
        payment = payment_create(
            website=website,
            client=client,
            amount=tip_amount,
            payment_type=PaymentType.TIP,
            method=payment_method,
            created_by=client,
            description=description,
        )
        tip = Tip.objects.create(**fields, payment=payment, payment_status=TipPaymentStatus.PENDING)
    else:
        # Charged at once, so the tip is written in its end state: completed with the writer
        # credited, or failed (not an error) with the payment's reason.
        payment = payment_create_from_wallet(
            website=website,
            client=client,
            amount=tip_amount,
            payment_type=PaymentType.TIP,
            created_by=client,
            description=description,
        )
        paid = payment.status == PaymentStatus.COMPLETED
        tip = Tip.objects.create(
            **fields,
            payment=payment,
            payment_status=TipPaymentStatus.COMPLETED if paid else TipPaymentStatus.FAILED,
            failure_reason="" if paid else payment.failure_reason,
        )
        if paid:
            _writer_credit(tip=tip, payment=payment, actor=client)
    _tip_announce(tip, created=True)
    return tip


def _lock_tip(tip: Tip) -> tuple[OrderPayment, Tip]:
    """Lock the tip's payment, then the tip (the lock order), and return both fresh."""
    payment = OrderPayment.objects.select_for_update().get(pk=tip.payment_id)
    tip = (
        Tip.objects.select_for_update(of=("self",))
        .select_related("website", "writer")
        .get(pk=tip.pk)
    )
    return payment, tip


@transaction.atomic
def tip_process_payment(*, tip: Tip, client: User) -> Tip:
    """Retry a failed wallet tip of the client's: failed → processing → completed | failed.

    A balance still too short is not an error: the tip comes back `failed` with the reason.
    """
    if tip.client_id != client.pk:
        raise NotFound("No such tip.")
    payment, tip = _lock_tip(tip)
    if tip.payment_method != TipPaymentMethod.WALLET:
        raise TipNotWallet
    if tip.payment_status != TipPaymentStatus.FAILED:
        raise TipTransitionRefused(current=tip.payment_status, target=TipPaymentStatus.PROCESSING)
    payment = payment_transition(payment=payment, status=PaymentStatus.PROCESSING)
    tip.payment_status = TipPaymentStatus.PROCESSING
    return _tip_charge_wallet(tip=tip, payment=payment, actor=client)


@transaction.atomic
def tip_confirm_payment(*, tip: Tip, confirmed_by: User, reference: str) -> Tip:
    """Confirm the off-platform payment of a pending manual tip; the writer is credited."""
    reference = (reference or "").strip()
    if not reference:
        raise DomainError("A payment reference is required.", field="reference", code="required")
    payment, tip = _lock_tip(tip)
    if tip.payment_method != TipPaymentMethod.MANUAL:
        raise TipNotManual
    if tip.payment_status != TipPaymentStatus.PENDING:
        raise TipTransitionRefused(current=tip.payment_status, target=TipPaymentStatus.COMPLETED)
    payment = payment_confirm_manual(
        payment=payment, confirmed_by=confirmed_by, external_reference=reference
    )
    _writer_credit(tip=tip, payment=payment, actor=confirmed_by)
    tip.payment_status, tip.failure_reason = TipPaymentStatus.COMPLETED, ""
    _tip_save_status(tip)
    return tip


@transaction.atomic
def tip_refund(*, tip: Tip, refunded_by: User, reason: str) -> Tip:
    """Refund a completed tip: the client gets the tip back, the writer gives their share back.

    Exactly once: the payment row is locked, so a second refund finds the tip refunded (409).
    When the writer's wallet no longer holds their share, the refund is refused (409) and
    nothing moves.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("A refund reason is required.", field="reason", code="required")
    payment, tip = _lock_tip(tip)
    if tip.payment_status != TipPaymentStatus.COMPLETED:
        raise TipTransitionRefused(current=tip.payment_status, target=TipPaymentStatus.REFUNDED)
    payment = payment_refund(payment=payment, refunded_by=refunded_by, reason=reason)
    if tip.writer_earning > ZERO:
        try:
            wallet_debit(
                wallet=wallet_get_or_create(user=tip.writer, website=tip.website),
                amount=tip.writer_earning,
                kind=WalletTransactionKind.EARNING_REVERSAL,
                reason=f"Tip {tip.pk} refunded: {reason}",
                created_by=refunded_by,
                payment=payment,
                reference=f"tip:{tip.pk}",
            )
        except InsufficientFunds as error:
            # Raising rolls back this whole service: the client's refund credit included.
            raise TipRefundNotCovered(needed=error.needed, available=error.available) from None
    tip.payment_status, tip.failure_reason = TipPaymentStatus.REFUNDED, ""
    _tip_save_status(tip)
    return tip
