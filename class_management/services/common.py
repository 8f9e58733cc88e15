"""What the class services share: membership and price checks, the bundle lock and moves."""

from decimal import Decimal

from django.utils import timezone

from accounts.exceptions import UserNotUsable
from accounts.models import User
from class_management.exceptions import (
    ClassBundleTransitionRefused,
)
from class_management.models import (
    CLASS_BUNDLE_TRANSITIONS,
    ClassBundle,
    ClassBundleStatus,
)
from class_management.selectors import (
    class_bundle_balance_remaining,
)
from core.exceptions import DomainError
from core.money import ZERO
from websites.models import Website

MAX_INSTALLMENTS = 60
CLOSED_STATUSES = (ClassBundleStatus.COMPLETED, ClassBundleStatus.CANCELLED)


def member_check(user: User | None, *, website: Website, role: str, field: str) -> None:
    if user is None:
        return
    if user.role != role or user.website_id != website.pk or not user.is_active:
        raise UserNotUsable(user_id=user.pk, role=role, field=field)


def prices_check(*, total_price: Decimal, deposit_required: Decimal) -> None:
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


def bundle_lock(bundle: ClassBundle) -> ClassBundle:
    return ClassBundle.objects.select_for_update().get(pk=bundle.pk)


def bundle_move(*, bundle: ClassBundle, target: str) -> ClassBundle:
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


def bundle_complete_if_paid(bundle: ClassBundle) -> ClassBundle:
    """Complete an active bundle once nothing is left to pay."""
    if (
        bundle.status == ClassBundleStatus.ACTIVE
        and class_bundle_balance_remaining(bundle=bundle) == ZERO
    ):
        bundle = bundle_move(bundle=bundle, target=ClassBundleStatus.COMPLETED)
    return bundle


INSTALLMENT_EVENT_FIELDS = (
    "id",
    "bundle_id",
    "installment_number",
    "amount",
    "due_date",
    "is_paid",
    "is_overdue",
    "paid_at",
    "payment_record_id",
)


def installment_payload(installment, bundle: ClassBundle) -> dict:
    """An installment's event payload (`installment.paid`, `installment.overdue`)."""
    return {
        **{name: getattr(installment, name) for name in INSTALLMENT_EVENT_FIELDS},
        "client_id": bundle.client_id,
    }
