"""What fines answers when other apps tell it something (their signals)."""

from fines.services import fine_appeals_erase


def user_erased_receiver(sender, *, user, **kwargs) -> None:
    fine_appeals_erase(writer=user)
