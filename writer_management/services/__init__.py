"""Writes: writer levels and profiles, tip settings, and tips with their payment and refund.

One module per resource (`tips`, `levels`, `profiles`, `settings`); other apps import from here.

Lock order, everywhere (the payments app's, extended by the tip): payment, then tip, then
wallets client → writer. A tip's `payment_status` changes only in the transaction that moves
its `OrderPayment`, so the two never disagree.
"""

from writer_management.services.erasure import tips_person_erase
from writer_management.services.levels import (
    writer_level_create,
    writer_level_delete,
    writer_level_update,
)
from writer_management.services.profiles import (
    writer_profile_assign_level,
    writer_profile_create,
    writer_profile_update,
)
from writer_management.services.settings import tip_settings_get_or_create, tip_settings_update
from writer_management.services.tips import (
    tip_confirm_payment,
    tip_create,
    tip_process_payment,
    tip_refund,
)

__all__ = [
    "tip_confirm_payment",
    "tip_create",
    "tip_process_payment",
    "tip_refund",
    "tip_settings_get_or_create",
    "tip_settings_update",
    "tips_person_erase",
    "writer_level_create",
    "writer_level_delete",
    "writer_level_update",
    "writer_profile_assign_level",
    "writer_profile_create",
    "writer_profile_update",
]
