"""Writes: class bundles, their installment schedule, deposit and installment payments.

One module per job (`bundles`, `schedule`, `payments`); other apps import from here.

Lock order, everywhere: bundle, then installment, then (inside the payments app) payment and
wallet. Every payment is charged to the client's wallet in the same transaction that marks the
deposit or installment paid, so either both happen or neither does.
"""

from class_management.services.bundles import (
    class_bundle_activate,
    class_bundle_cancel,
    class_bundle_create,
    class_bundle_update,
)
from class_management.services.payments import class_bundle_deposit_pay, class_installment_pay
from class_management.services.schedule import (
    class_bundle_installments_set,
    class_bundle_installments_split,
    installments_mark_overdue,
)

__all__ = [
    "class_bundle_activate",
    "class_bundle_cancel",
    "class_bundle_create",
    "class_bundle_deposit_pay",
    "class_bundle_installments_set",
    "class_bundle_installments_split",
    "class_bundle_update",
    "class_installment_pay",
    "installments_mark_overdue",
]
