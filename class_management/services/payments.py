"""Paying a bundle from the client's wallet: the deposit, then each installment."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from class_management.exceptions import (
    ClassBundleNotActive,
    DepositAlreadyPaid,
    DepositNotPaid,
    DepositNotRequired,
    InstallmentAlreadyPaid,
)
from class_management.models import (
    ClassBundle,
    ClassBundleStatus,
    ClassInstallment,
)
from class_management.services.common import (
    bundle_complete_if_paid,
    bundle_lock,
    installment_payload,
)
from core.exceptions import NotFound
from core.money import ZERO
from core.outbox import emit
from order_payments_management.models import PaymentType
from order_payments_management.services import payment_pay_from_wallet


def _check_payer(bundle: ClassBundle, client: User) -> None:
    if bundle.client_id != client.pk:
        raise NotFound("No such class bundle.")


def _check_payable(bundle: ClassBundle) -> None:
    if bundle.status != ClassBundleStatus.ACTIVE:
        raise ClassBundleNotActive(status=bundle.status)


@transaction.atomic
def class_bundle_deposit_pay(*, bundle: ClassBundle, client: User) -> ClassBundle:
    """Charge the deposit to the client's wallet, once (`InsufficientFunds` changes nothing)."""
    bundle = bundle_lock(bundle)
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
    emit(
        "installment.paid",
        website_id=bundle.website_id,
        object_type=ClassBundle._meta.label_lower,
        object_id=bundle.pk,
        payload={
            "bundle_id": bundle.pk,
            "client_id": bundle.client_id,
            "kind": "deposit",
            "amount": bundle.deposit_required,
            "payment_id": bundle.deposit_payment_id,
        },
    )
    return bundle_complete_if_paid(bundle)


@transaction.atomic
def class_installment_pay(*, installment: ClassInstallment, client: User) -> ClassInstallment:
    """Charge one installment to the client's wallet, once, after the deposit when one is due.

    Two concurrent attempts serialise on the bundle lock; the second sees the installment paid.
    """
    bundle = bundle_lock(installment.bundle)
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
    installment.bundle = bundle_complete_if_paid(bundle)
    emit(
        "installment.paid",
        website_id=bundle.website_id,
        object_type=ClassInstallment._meta.label_lower,
        object_id=installment.pk,
        payload=installment_payload(installment, bundle),
    )
    return installment
