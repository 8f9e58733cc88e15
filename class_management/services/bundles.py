"""Class bundles: create, change, activate and cancel them."""

from decimal import Decimal

from django.db import transaction

from accounts.models import Role, User
from class_management.exceptions import (
    ClassBundleClosed,
    ClassBundleHasPayments,
    ClassBundleNotDraft,
    ClassBundleTransitionRefused,
    InstallmentsNotConfigured,
)
from class_management.models import (
    CLASS_BUNDLE_TRANSITIONS,
    ClassBundle,
    ClassBundleStatus,
)
from class_management.selectors import (
    class_bundle_has_payments,
)
from class_management.services.common import (
    CLOSED_STATUSES,
    bundle_lock,
    bundle_move,
    member_check,
    prices_check,
)
from class_management.services.schedule import schedule_write
from core.money import ZERO
from core.reporting import reporting_today
from websites.models import Website


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
    member_check(client, website=website, role=Role.CLIENT, field="client_id")
    member_check(assigned_writer, website=website, role=Role.WRITER, field="assigned_writer_id")
    prices_check(total_price=total_price, deposit_required=deposit_required)
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
    bundle = bundle_lock(bundle)
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
        member_check(
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
        prices_check(total_price=bundle.total_price, deposit_required=bundle.deposit_required)
        update_fields += list(plan_changes)
        bundle.installments.all().delete()  # a draft has nothing paid, so nothing is lost
    bundle.save(update_fields=update_fields)
    return bundle


@transaction.atomic
def class_bundle_activate(*, bundle: ClassBundle) -> ClassBundle:
    """Open a draft bundle for payment.

    With installments enabled the schedule must be configured first; with installments
    disabled the balance after the deposit becomes one installment due today.
    """
    bundle = bundle_lock(bundle)
    if ClassBundleStatus.ACTIVE not in CLASS_BUNDLE_TRANSITIONS[bundle.status]:
        raise ClassBundleTransitionRefused(current=bundle.status, target=ClassBundleStatus.ACTIVE)
    balance = bundle.installment_balance
    has_schedule = bundle.installments.exists()
    if balance > ZERO and not has_schedule:
        if bundle.installments_enabled:
            raise InstallmentsNotConfigured
        schedule_write(bundle, [(balance, reporting_today(bundle.website_id))])
    return bundle_move(bundle=bundle, target=ClassBundleStatus.ACTIVE)


@transaction.atomic
def class_bundle_cancel(*, bundle: ClassBundle) -> ClassBundle:
    """Cancel a draft or active bundle on which nothing was paid."""
    bundle = bundle_lock(bundle)
    if ClassBundleStatus.CANCELLED not in CLASS_BUNDLE_TRANSITIONS[bundle.status]:
        raise ClassBundleTransitionRefused(
            current=bundle.status, target=ClassBundleStatus.CANCELLED
        )
    if class_bundle_has_payments(bundle=bundle):
        raise ClassBundleHasPayments("A class bundle with payments cannot be cancelled.")
    return bundle_move(bundle=bundle, target=ClassBundleStatus.CANCELLED)
