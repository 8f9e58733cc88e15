"""Writes: class bundles, their installment schedule, deposit and installment payments.

Lock order, everywhere: bundle, then installment, then (inside the payments app) payment and
wallet. Every payment is charged to the client's wallet in the same transaction that marks the
deposit or installment paid, so either both happen or neither does.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.exceptions import UserNotUsable
from accounts.models import Role, User
from class_management.exceptions import (
    ClassBundleClosed,
    ClassBundleHasPayments,
    ClassBundleNotActive,
    ClassBundleNotDraft,
    ClassBundleTransitionRefused,
    DepositAlreadyPaid,
    DepositNotPaid,
    DepositNotRequired,
    InstallmentAlreadyPaid,
    InstallmentsDisabled,
    InstallmentsNotConfigured,
)
from class_management.models import (
    CLASS_BUNDLE_TRANSITIONS,
    ClassBundle,
    ClassBundleStatus,
    ClassInstallment,
)
from class_management.selectors import (
    class_bundle_balance_remaining,
    class_bundle_has_payments,
    class_installments_plan,
)
from core.exceptions import DomainError, NotFound
from core.filters import DATE_RANGE_MESSAGE
from core.money import CENT, ZERO
from core.reporting import DATE_MAX, DATE_MIN, reporting_today
from order_payments_management.models import PaymentType
from order_payments_management.services import payment_pay_from_wallet
from websites.models import Website

MAX_INSTALLMENTS = 60
CLOSED_STATUSES = (ClassBundleStatus.COMPLETED, ClassBundleStatus.CANCELLED)


def _check_member(user: User | None, *, website: Website, role: str, field: str) -> None:
    if user is None:
        return
    if user.role != role or user.website_id != website.pk or not user.is_active:
        raise UserNotUsable(user_id=user.pk, role=role, field=field)


def _check_prices(*, total_price: Decimal, deposit_required: Decimal) -> None:
    if total_price <= ZERO:
        raise DomainError(
            "The total price must be greater than zero.", field="total_price", code="invalid"
        )
    if deposit_required < ZERO or deposit_required > total_price:
        raise DomainError(
            "The deposit must be between 0 and the total price.",
            field="deposit_required",
            code="invalid",
        )


def _bundle_lock(bundle: ClassBundle) -> ClassBundle:
    return ClassBundle.objects.select_for_update().get(pk=bundle.pk)


def _bundle_move(*, bundle: ClassBundle, target: str) -> ClassBundle:
    if target not in CLASS_BUNDLE_TRANSITIONS[bundle.status]:
        raise ClassBundleTransitionRefused(current=bundle.status, target=target)
    bundle.status = target
    stamp = {
        ClassBundleStatus.ACTIVE: "activated_at",
        ClassBundleStatus.COMPLETED: "completed_at",
        ClassBundleStatus.CANCELLED: "cancelled_at",
    }[target]
    setattr(bundle, stamp, timezone.now())
    bundle.save(update_fields=["status", stamp, "updated_at"])
    return bundle


def _bundle_complete_if_paid(bundle: ClassBundle) -> ClassBundle:
    """Complete an active bundle once nothing is left to pay."""
    if (
        bundle.status == ClassBundleStatus.ACTIVE
        and class_bundle_balance_remaining(bundle=bundle) == ZERO
    ):
        bundle = _bundle_move(bundle=bundle, target=ClassBundleStatus.COMPLETED)
    return bundle


@transaction.atomic
def class_bundle_create(
    *,
    website: Website,
    client: User,
    title: str,
    total_price: Decimal,
    created_by: User,
    deposit_required: Decimal = ZERO,
    course: str = "",
    installments_enabled: bool = True,
    assigned_writer: User | None = None,
) -> ClassBundle:
    """Create a draft class bundle for a client of `website`."""
    _check_member(client, website=website, role=Role.CLIENT, field="client_id")
    _check_member(assigned_writer, website=website, role=Role.WRITER, field="assigned_writer_id")
    _check_prices(total_price=total_price, deposit_required=deposit_required)
    return ClassBundle.objects.create(
        website=website,
        client=client,
        assigned_writer=assigned_writer,
        title=title,
        course=course,
        total_price=total_price,
        deposit_required=deposit_required,
        installments_enabled=installments_enabled,
        created_by=created_by,
    )


_UNSET = object()


@transaction.atomic
def class_bundle_update(
    *,
    bundle: ClassBundle,
    title: str | None = None,
    course: str | None = None,
    assigned_writer=_UNSET,
    total_price: Decimal | None = None,
    deposit_required: Decimal | None = None,
    installments_enabled: bool | None = None,
) -> ClassBundle:
    """Change a bundle that is not closed; prices and the plan only while it is a draft.

    Changing the price, the deposit or whether installments are used clears the schedule, which
    must then be configured again.
    """
    bundle = _bundle_lock(bundle)
    if bundle.status in CLOSED_STATUSES:
        raise ClassBundleClosed(status=bundle.status)
    update_fields = ["updated_at"]
    if title is not None:
        bundle.title = title
        update_fields.append("title")
    if course is not None:
        bundle.course = course
        update_fields.append("course")
    if assigned_writer is not _UNSET:
        _check_member(
            assigned_writer, website=bundle.website, role=Role.WRITER, field="assigned_writer_id"
        )
        bundle.assigned_writer = assigned_writer
        update_fields.append("assigned_writer")
    plan_changes = {
        "total_price": total_price,
        "deposit_required": deposit_required,
        "installments_enabled": installments_enabled,
    }
    plan_changes = {
        field: value
        for field, value in plan_changes.items()
        if value is not None and value != getattr(bundle, field)
    }
    if plan_changes:
        if bundle.status != ClassBundleStatus.DRAFT:
            raise ClassBundleNotDraft(status=bundle.status, field=next(iter(plan_changes)))
        for field, value in plan_changes.items():
            setattr(bundle, field, value)
        _check_prices(total_price=bundle.total_price, deposit_required=bundle.deposit_required)
        update_fields += list(plan_changes)
        bundle.installments.all().delete()  # a draft has nothing paid, so nothing is lost
    bundle.save(update_fields=update_fields)
    return bundle


def _installment_balance_or_400(bundle: ClassBundle, field: str) -> Decimal:
    balance = bundle.installment_balance
    if balance <= ZERO:
        raise DomainError(
            "The deposit covers the whole price; there is nothing to split into installments.",
            field=field,
            code="nothing_to_split",
        )
    return balance


def _schedule_prepare(bundle: ClassBundle) -> ClassBundle:
    bundle = _bundle_lock(bundle)
    if bundle.status in CLOSED_STATUSES:
        raise ClassBundleClosed(status=bundle.status)
    if not bundle.installments_enabled:
        raise InstallmentsDisabled
    if class_bundle_has_payments(bundle=bundle):
        raise ClassBundleHasPayments(
            "Installments cannot be changed once the deposit or an installment is paid."
        )
    return bundle


def _schedule_write(bundle: ClassBundle, parts: list[tuple[Decimal, date]]) -> ClassBundle:
    bundle.installments.all().delete()
    ClassInstallment.objects.bulk_create(
        ClassInstallment(bundle=bundle, installment_number=n, amount=amount, due_date=due_date)
        for n, (amount, due_date) in enumerate(parts, start=1)
    )
    bundle.save(update_fields=["updated_at"])
    return bundle


@transaction.atomic
def class_bundle_installments_split(
    *,
    bundle: ClassBundle,
    count: int,
    interval_days: int,
    first_due_date: date | None = None,
) -> ClassBundle:
    """Replace the schedule with `count` equal parts of `total - deposit`, `interval_days` apart.

    The parts are whole cents and the remainder cent(s) go on the last part, so they add up
    exactly. The first is due on `first_due_date` (default: `interval_days` from today).
    """
    bundle = _schedule_prepare(bundle)
    balance = _installment_balance_or_400(bundle, "count")
    if not 1 <= count <= MAX_INSTALLMENTS:
        raise DomainError(
            f"Between 1 and {MAX_INSTALLMENTS} installments.", field="count", code="invalid"
        )
    if balance < CENT * count:
        raise DomainError(
            f"{balance} cannot be split into {count} installments of at least {CENT}.",
            field="count",
            code="too_many_installments",
        )
    if interval_days < 1:
        raise DomainError(
            "The interval is at least one day.", field="interval_days", code="invalid"
        )
    parts = class_installments_plan(
        balance=balance,
        count=count,
        interval_days=interval_days,
        first_due_date=_first_due_date(
            first_due_date=first_due_date, interval_days=interval_days, count=count
        ),
    )
    return _schedule_write(bundle, parts)


def _first_due_date(*, first_due_date: date | None, interval_days: int, count: int) -> date:
    """Return the first due date (default: `interval_days` from today), checking the last one.

    Counted in day numbers (Python integers), so no interval can overflow a date: a schedule
    ending after DATE_MAX (2999-12-31) is a 400 naming the field that pushed it there.
    """
    if first_due_date is not None and not DATE_MIN <= first_due_date <= DATE_MAX:
        raise DomainError(DATE_RANGE_MESSAGE, field="first_due_date", code="invalid")
    first = (
        first_due_date.toordinal()
        if first_due_date is not None
        else reporting_today().toordinal() + interval_days
    )
    if first + interval_days * (count - 1) > DATE_MAX.toordinal():
        raise DomainError(
            f"The last installment would be due after {DATE_MAX.isoformat()}: shorten the "
            "interval or start earlier.",
            field="interval_days",
            code="invalid",
        )
    return date.fromordinal(first)


@transaction.atomic
def class_bundle_installments_set(
    *, bundle: ClassBundle, installments: list[tuple[Decimal, date]]
) -> ClassBundle:
    """Replace the schedule with explicit (amount, due date) parts adding up to `total - deposit`."""
    bundle = _schedule_prepare(bundle)
    balance = _installment_balance_or_400(bundle, "installments")
    if not 1 <= len(installments) <= MAX_INSTALLMENTS:
        raise DomainError(
            f"Between 1 and {MAX_INSTALLMENTS} installments.",
            field="installments",
            code="invalid",
        )
    if any(amount <= ZERO for amount, _due in installments):
        raise DomainError(
            "Every installment is at least 0.01.", field="installments", code="invalid"
        )
    total = sum((amount for amount, _due in installments), ZERO)
    if total != balance:
        raise DomainError(
            f"The installments add up to {total}; they must add up to {balance} "
            "(the total price less the deposit).",
            field="installments",
            code="installments_sum_mismatch",
        )
    due_dates = [due for _amount, due in installments]
    if due_dates != sorted(due_dates):
        raise DomainError(
            "Due dates must not go backwards.", field="installments", code="invalid_due_dates"
        )
    return _schedule_write(bundle, installments)


@transaction.atomic
def class_bundle_activate(*, bundle: ClassBundle) -> ClassBundle:
    """Open a draft bundle for payment.

    With installments enabled the schedule must be configured first; with installments
    disabled the balance after the deposit becomes one installment due today.
    """
    bundle = _bundle_lock(bundle)
    if ClassBundleStatus.ACTIVE not in CLASS_BUNDLE_TRANSITIONS[bundle.status]:
        raise ClassBundleTransitionRefused(current=bundle.status, target=ClassBundleStatus.ACTIVE)
    balance = bundle.installment_balance
    has_schedule = bundle.installments.exists()
    if balance > ZERO and not has_schedule:
        if bundle.installments_enabled:
            raise InstallmentsNotConfigured
        _schedule_write(bundle, [(balance, reporting_today())])
    return _bundle_move(bundle=bundle, target=ClassBundleStatus.ACTIVE)


@transaction.atomic
def class_bundle_cancel(*, bundle: ClassBundle) -> ClassBundle:
    """Cancel a draft or active bundle on which nothing was paid."""
    bundle = _bundle_lock(bundle)
    if ClassBundleStatus.CANCELLED not in CLASS_BUNDLE_TRANSITIONS[bundle.status]:
        raise ClassBundleTransitionRefused(
            current=bundle.status, target=ClassBundleStatus.CANCELLED
        )
    if class_bundle_has_payments(bundle=bundle):
        raise ClassBundleHasPayments("A class bundle with payments cannot be cancelled.")
    return _bundle_move(bundle=bundle, target=ClassBundleStatus.CANCELLED)


def _check_payer(bundle: ClassBundle, client: User) -> None:
    if bundle.client_id != client.pk:
        raise NotFound("No such class bundle.")


def _check_payable(bundle: ClassBundle) -> None:
    if bundle.status != ClassBundleStatus.ACTIVE:
        raise ClassBundleNotActive(status=bundle.status)


@transaction.atomic
def class_bundle_deposit_pay(*, bundle: ClassBundle, client: User) -> ClassBundle:
    """Charge the deposit to the client's wallet, once (`InsufficientFunds` changes nothing)."""
    bundle = _bundle_lock(bundle)
    _check_payer(bundle, client)
    if bundle.deposit_required <= ZERO:
        raise DepositNotRequired
    if bundle.deposit_payment_id is not None:
        raise DepositAlreadyPaid
    _check_payable(bundle)
    bundle.deposit_payment = payment_pay_from_wallet(
        website=bundle.website,
        client=client,
        amount=bundle.deposit_required,
        payment_type=PaymentType.CLASS_DEPOSIT,
        created_by=client,
        description=f"Deposit for class bundle {bundle.pk}: {bundle.title}"[:255],
    )
    bundle.save(update_fields=["deposit_payment", "updated_at"])
    return _bundle_complete_if_paid(bundle)


@transaction.atomic
def class_installment_pay(*, installment: ClassInstallment, client: User) -> ClassInstallment:
    """Charge one installment to the client's wallet, once, after the deposit when one is due.

    Two concurrent attempts serialise on the bundle lock; the second sees the installment paid.
    """
    bundle = _bundle_lock(installment.bundle)
    _check_payer(bundle, client)
    installment = ClassInstallment.objects.select_for_update().get(pk=installment.pk)
    if installment.is_paid:
        raise InstallmentAlreadyPaid
    _check_payable(bundle)
    if bundle.deposit_required > ZERO and bundle.deposit_payment_id is None:
        raise DepositNotPaid
    payment = payment_pay_from_wallet(
        website=bundle.website,
        client=client,
        amount=installment.amount,
        payment_type=PaymentType.CLASS_INSTALLMENT,
        created_by=client,
        description=(
            f"Installment {installment.installment_number} of class bundle {bundle.pk}: "
            f"{bundle.title}"
        )[:255],
    )
    installment.is_paid = True
    installment.is_overdue = False
    installment.paid_at = timezone.now()
    installment.paid_by = client
    installment.payment_record = payment
    installment.save(
        update_fields=[
            "is_paid",
            "is_overdue",
            "paid_at",
            "paid_by",
            "payment_record",
            "updated_at",
        ]
    )
    installment.bundle = _bundle_complete_if_paid(bundle)
    return installment


def installments_mark_overdue(*, today: date | None = None, website_id: int | None = None) -> int:
    """Flag unpaid installments of active bundles that are past due; return how many changed.

    Safe to run twice: already flagged rows are not touched again.
    """
    today = today or reporting_today()
    installments = ClassInstallment.objects.filter(
        is_paid=False,
        is_overdue=False,
        due_date__lt=today,
        bundle__status=ClassBundleStatus.ACTIVE,
    )
    if website_id is not None:
        installments = installments.filter(bundle__website_id=website_id)
    return installments.update(is_overdue=True, updated_at=timezone.now())
