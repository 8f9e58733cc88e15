"""A bundle's installment schedule: split the balance evenly or set it by hand; mark overdue installments."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from class_management.exceptions import (
    ClassBundleClosed,
    ClassBundleHasPayments,
    InstallmentsDisabled,
)
from class_management.models import (
    ClassBundle,
    ClassBundleStatus,
    ClassInstallment,
)
from class_management.selectors import (
    class_bundle_has_payments,
    class_installments_plan,
)
from class_management.services.common import (
    CLOSED_STATUSES,
    MAX_INSTALLMENTS,
    bundle_lock,
    installment_payload,
)
from core.exceptions import DomainError
from core.filters import DATE_RANGE_MESSAGE
from core.money import CENT, ZERO
from core.outbox import emit
from core.reporting import DATE_MAX, DATE_MIN, before_local_today, reporting_today


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
    bundle = bundle_lock(bundle)
    if bundle.status in CLOSED_STATUSES:
        raise ClassBundleClosed(status=bundle.status)
    if not bundle.installments_enabled:
        raise InstallmentsDisabled
    if class_bundle_has_payments(bundle=bundle):
        raise ClassBundleHasPayments(
            "Installments cannot be changed once the deposit or an installment is paid."
        )
    return bundle


def schedule_write(bundle: ClassBundle, parts: list[tuple[Decimal, date]]) -> ClassBundle:
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
            first_due_date=first_due_date,
            interval_days=interval_days,
            count=count,
            website_id=bundle.website_id,
        ),
    )
    return schedule_write(bundle, parts)


def _first_due_date(
    *, first_due_date: date | None, interval_days: int, count: int, website_id: int
) -> date:
    """Return the first due date (default: `interval_days` from the website's today), checked.

    Counted in day numbers (Python integers), so no interval can overflow a date: a schedule
    ending after DATE_MAX (2999-12-31) is a 400 naming the field that pushed it there.
    """
    if first_due_date is not None and not DATE_MIN <= first_due_date <= DATE_MAX:
        raise DomainError(DATE_RANGE_MESSAGE, field="first_due_date", code="invalid")
    first = (
        first_due_date.toordinal()
        if first_due_date is not None
        else reporting_today(website_id).toordinal() + interval_days
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
    return schedule_write(bundle, installments)


@transaction.atomic
def installments_mark_overdue(*, today: date | None = None, website_id: int | None = None) -> int:
    """Flag unpaid installments of active bundles that are past due; return how many changed.

    Each newly overdue installment emits `installment.overdue`. Safe to run twice (and two at
    once): already flagged rows are not touched again, rows another run holds are skipped.
    """
    if today is not None:
        past_due = Q(due_date__lt=today)
    else:
        # Each website's installments fall due on its own calendar.
        past_due = before_local_today(
            "due_date", website_field="bundle__website_id", website_id=website_id
        )
    installments = ClassInstallment.objects.filter(
        past_due,
        is_paid=False,
        is_overdue=False,
        bundle__status=ClassBundleStatus.ACTIVE,
    )
    if website_id is not None:
        installments = installments.filter(bundle__website_id=website_id)
    overdue = list(
        installments.select_related("bundle")
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))
    )
    if not overdue:
        return 0
    ClassInstallment.objects.filter(pk__in=[row.pk for row in overdue]).update(
        is_overdue=True, updated_at=timezone.now()
    )
    for installment in overdue:
        installment.is_overdue = True
        emit(
            "installment.overdue",
            website_id=installment.bundle.website_id,
            object_type=ClassInstallment._meta.label_lower,
            object_id=installment.pk,
            payload=installment_payload(installment, installment.bundle),
        )
    return len(overdue)
