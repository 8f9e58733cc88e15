from rest_framework import status

from core.exceptions import Conflict, DomainError, InvalidTransition


class FineTransitionRefused(InvalidTransition):
    code = "invalid_fine_transition"

    def __init__(self, *, current: str, target: str):
        super().__init__(current=current, target=target, what="fine")


class FineTypeProtected(Conflict):
    code = "system_fine_type_protected"
    default_message = "System-defined fine types cannot be deleted; deactivate them instead."


class FineTypeInUse(Conflict):
    code = "fine_type_in_use"
    default_message = "Fines were issued with this type; deactivate it instead of deleting it."


class GlobalFineTypeReadOnly(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "global_fine_type_read_only"
    default_message = (
        "Global fine types are managed by superadmins; create a type with the same code to "
        "override it on your website."
    )


class AppealAlreadyDecided(Conflict):
    code = "appeal_already_decided"

    def __init__(self, *, decision: str):
        super().__init__(f"This appeal was already decided ({decision}).")
