"""Writes: writer levels and profiles, tip settings, and tips with their payment and refund.

Lock order, everywhere (the payments app's, extended by the tip): payment, then tip, then
wallets client → writer. A tip's `payment_status` changes only in the transaction that moves
its `OrderPayment`, so the two never disagree.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts.models import Role, User
from class_management.models import ClassBundle
from core.exceptions import DomainError, NotFound
from core.money import ZERO, has_at_most_two_places
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
    payment_refund,
    payment_transition,
    wallet_credit,
    wallet_debit,
    wallet_get_or_create,
)
from orders.models import Order
from websites.models import Website
from writer_management.exceptions import (
    TipNotManual,
    TipNotWallet,
    TipRefundNotCovered,
    TipRefused,
    TipTransitionRefused,
    WriterLevelInUse,
    WriterProfileExists,
)
from writer_management.models import (
    Tip,
    TipPaymentMethod,
    TipPaymentStatus,
    TipSettings,
    TipType,
    WriterLevel,
    WriterProfile,
)
from writer_management.selectors import tip_split, writer_tip_share_get
from writer_management.signals import tip_changed

HUNDRED = Decimal("100")


def _check_percentage(value: Decimal, *, field: str) -> Decimal:
    if value < ZERO or value > HUNDRED or not has_at_most_two_places(value):
        raise DomainError(
            "A percentage is between 0.00 and 100.00, with at most two decimals.",
            field=field,
            code="invalid_percentage",
        )
    return value


# Tip settings ------------------------------------------------------------------------------------


def tip_settings_get_or_create(*, website: Website) -> TipSettings:
    """Return the website's tip settings, creating them with the defaults on first use."""
    tip_settings, _created = TipSettings.objects.get_or_create(website=website)
    return tip_settings


@transaction.atomic
def tip_settings_update(
    *,
    website: Website,
    default_writer_percentage: Decimal | None = None,
    min_tip_amount: Decimal | None = None,
    max_tip_amount: Decimal | None = None,
) -> TipSettings:
    """Change a website's tip settings; fields left as None keep their value."""
    tip_settings_get_or_create(website=website)
    tip_settings = TipSettings.objects.select_for_update().get(website=website)
    if default_writer_percentage is not None:
        tip_settings.default_writer_percentage = _check_percentage(
            default_writer_percentage, field="default_writer_percentage"
        )
    for field, value in (("min_tip_amount", min_tip_amount), ("max_tip_amount", max_tip_amount)):
        if value is None:
            continue
        if value <= ZERO or not has_at_most_two_places(value):
            raise DomainError(
                "The amount must be positive, in whole cents.", field=field, code="invalid_amount"
            )
        setattr(tip_settings, field, value)
    if tip_settings.min_tip_amount > tip_settings.max_tip_amount:
        raise DomainError(
            "The minimum tip cannot be above the maximum tip.",
            field="min_tip_amount",
            code="min_above_max",
        )
    tip_settings.save()
    return tip_settings


# Writer levels -----------------------------------------------------------------------------------


def _check_level_name_free(*, website_id: int, name: str, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("A level needs a name.", field="name", code="required")
    taken = WriterLevel.objects.filter(website_id=website_id, name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            f"This website already has a level named '{name}'.", field="name", code="duplicate"
        )
    return name


def _level_save(level: WriterLevel) -> WriterLevel:
    try:
        with transaction.atomic():
            level.save()
    except IntegrityError as error:  # two admins naming a level at the same moment
        raise DomainError(
            f"This website already has a level named '{level.name}'.",
            field="name",
            code="duplicate",
        ) from error
    return level


@transaction.atomic
def writer_level_create(
    *,
    website: Website,
    name: str,
    tip_percentage: Decimal,
    display_order: int = 0,
    is_active: bool = True,
) -> WriterLevel:
    """Create a writer level on a website."""
    level = WriterLevel(
        website=website,
        name=_check_level_name_free(website_id=website.pk, name=name),
        tip_percentage=_check_percentage(tip_percentage, field="tip_percentage"),
        display_order=display_order,
        is_active=is_active,
    )
    return _level_save(level)


@transaction.atomic
def writer_level_update(
    *,
    level: WriterLevel,
    name: str | None = None,
    tip_percentage: Decimal | None = None,
    display_order: int | None = None,
    is_active: bool | None = None,
) -> WriterLevel:
    """Change a level; tips already sent keep the percentage and name they were sent with."""
    level = WriterLevel.objects.select_for_update().get(pk=level.pk)
    if name is not None:
        level.name = _check_level_name_free(
            website_id=level.website_id, name=name, exclude_pk=level.pk
        )
    if tip_percentage is not None:
        level.tip_percentage = _check_percentage(tip_percentage, field="tip_percentage")
    if display_order is not None:
        level.display_order = display_order
    if is_active is not None:
        level.is_active = is_active
    return _level_save(level)


@transaction.atomic
def writer_level_delete(*, level: WriterLevel) -> None:
    """Delete a level nobody uses; one that writers or tips refer to is refused (409)."""
    level = WriterLevel.objects.select_for_update().get(pk=level.pk)
    if (
        WriterProfile.objects.filter(level=level).exists()
        or Tip.objects.filter(writer_level=level).exists()
    ):
        raise WriterLevelInUse
    level.delete()


# Writer profiles ---------------------------------------------------------------------------------


def _level_for_assignment(*, website_id: int, level_id: int | None) -> WriterLevel | None:
    if level_id is None:
        return None
    level = WriterLevel.objects.filter(pk=level_id, website_id=website_id).first()
    if level is None:
        raise DomainError(
            f"Level {level_id} does not exist on this website.",
            field="level_id",
            code="invalid_level_id",
        )
    if not level.is_active:
        raise DomainError(
            f"Level '{level.name}' is inactive and cannot be assigned.",
            field="level_id",
            code="level_inactive",
        )
    return level


@transaction.atomic
def writer_profile_create(
    *, writer: User, level_id: int | None = None, pen_name: str = ""
) -> WriterProfile:
    """Create the profile of a writer (on the writer's website), optionally with a level."""
    if writer.role != Role.WRITER or writer.website_id is None:
        raise DomainError(
            f"User {writer.pk} is not a writer.", field="writer_id", code="invalid_writer_id"
        )
    if WriterProfile.objects.filter(user=writer).exists():
        raise WriterProfileExists
    profile = WriterProfile(
        user=writer,
        website_id=writer.website_id,
        level=_level_for_assignment(website_id=writer.website_id, level_id=level_id),
        pen_name=(pen_name or "").strip(),
    )
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as error:  # created concurrently
        raise WriterProfileExists from error
    return profile


@transaction.atomic
def writer_profile_update(*, profile: WriterProfile, pen_name: str) -> WriterProfile:
    """Change a writer's pen name."""
    profile = WriterProfile.objects.select_for_update().get(pk=profile.pk)
    profile.pen_name = (pen_name or "").strip()
    profile.save(update_fields=["pen_name", "updated_at"])
    return profile


@transaction.atomic
def writer_profile_assign_level(*, profile: WriterProfile, level_id: int | None) -> WriterProfile:
    """Put a writer on a level (None: no level, so the website's default percentage).

    Only tips sent from now on use the new percentage.
    """
    profile = WriterProfile.objects.select_for_update().get(pk=profile.pk)
    profile.level = _level_for_assignment(website_id=profile.website_id, level_id=level_id)
    profile.save(update_fields=["level", "updated_at"])
    return profile


# Tips --------------------------------------------------------------------------------------------


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
    writer = User.objects.filter(pk=writer_id).first()
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


def _tip_save_status(tip: Tip) -> None:
    tip.save(update_fields=["payment_status", "failure_reason", "updated_at"])
    tip_changed.send(sender=Tip, tip=tip)


def _writer_credit(*, tip: Tip, payment: OrderPayment, actor: User) -> None:
    """Credit the writer's share; the platform's share stays recorded on the tip."""
    if tip.writer_earning <= ZERO:  # a 0 % level: the whole tip is the platform's
        return
    wallet_credit(
        wallet=wallet_get_or_create(user=tip.writer, website=tip.website),
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
    tip_amount = _check_tip_amount(tip_amount, tip_settings_get_or_create(website=website))
    writer = _tip_writer(client=client, writer_id=writer_id)
    tip_type, order, bundle = _tip_reference(
        client=client, writer=writer, order_id=order_id, class_bundle_id=class_bundle_id
    )
    share = writer_tip_share_get(writer_id=writer.pk, website_id=website.pk)
    writer_earning, platform_profit = tip_split(
        tip_amount=tip_amount, writer_percentage=share.percentage
    )
    payment = payment_create(
        website=website,
        client=client,
        amount=tip_amount,
        payment_type=PaymentType.TIP,
        method=payment_method,
        created_by=client,
        description=f"Tip to writer {writer.pk}",
    )
    tip = Tip.objects.create(
        website=website,
        client=client,
        writer=writer,
        tip_type=tip_type,
        order=order,
        class_bundle=bundle,
        tip_amount=tip_amount,
        tip_reason=tip_reason,
        writer_level=share.level,
        writer_level_name=share.level.name if share.level else "",
        writer_percentage=share.percentage,
        writer_earning=writer_earning,
        platform_profit=platform_profit,
        payment=payment,
        payment_method=payment_method,
        payment_status=TipPaymentStatus.PENDING,
    )
    tip_changed.send(sender=Tip, tip=tip)
    if payment_method == TipPaymentMethod.MANUAL:
        return tip
    payment = payment_transition(payment=payment, status=PaymentStatus.PROCESSING)
    tip.payment_status = TipPaymentStatus.PROCESSING
    return _tip_charge_wallet(tip=tip, payment=payment, actor=client)


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
