from core.exceptions import Conflict, InvalidTransition


class ClassBundleTransitionRefused(InvalidTransition):
    code = "invalid_class_bundle_transition"

    def __init__(self, *, current: str, target: str):
        super().__init__(current=current, target=target, what="class bundle")


class ClassBundleNotActive(Conflict):
    code = "class_bundle_not_active"

    def __init__(self, *, status: str):
        super().__init__(f"Only an active class bundle can be paid; this one is '{status}'.")


class ClassBundleNotDraft(Conflict):
    code = "class_bundle_not_draft"

    def __init__(self, *, status: str, field: str | None = None):
        super().__init__(
            f"Prices can change only while the bundle is a draft; it is '{status}'.", field=field
        )


class ClassBundleClosed(Conflict):
    code = "class_bundle_closed"

    def __init__(self, *, status: str):
        super().__init__(f"This class bundle is {status}; it can no longer change.")


class ClassBundleHasPayments(Conflict):
    code = "class_bundle_has_payments"
    default_message = "Something was already paid on this class bundle."


class InstallmentsDisabled(Conflict):
    code = "installments_disabled"
    default_message = "Installments are not enabled on this class bundle."


class InstallmentsNotConfigured(Conflict):
    code = "installments_not_configured"
    default_message = "Configure the installments before activating this class bundle."


class DepositNotRequired(Conflict):
    code = "deposit_not_required"
    default_message = "This class bundle requires no deposit."


class DepositAlreadyPaid(Conflict):
    code = "deposit_already_paid"
    default_message = "The deposit of this class bundle is already paid."


class DepositNotPaid(Conflict):
    code = "deposit_not_paid"
    default_message = "Pay the deposit before paying installments."


class InstallmentAlreadyPaid(Conflict):
    code = "installment_already_paid"
    default_message = "This installment is already paid."
