"""A person's erasure, as the tips see it: the reasons a client wrote, a writer's pen name."""

from accounts.signals import ERASED_TEXT
from writer_management.models import Tip, WriterProfile


def tips_person_erase(*, user) -> int:
    """Replace the tip reasons the client wrote and the writer's pen name (amounts stay)."""
    changed = (
        Tip.objects.filter(client=user)
        .exclude(tip_reason=ERASED_TEXT)
        .update(tip_reason=ERASED_TEXT)
    )
    changed += WriterProfile.objects.filter(user=user).exclude(pen_name="").update(pen_name="")
    return changed
