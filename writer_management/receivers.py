"""What the tips app answers when other apps tell it something (their signals)."""

from writer_management.services import tips_person_erase


def user_erased_receiver(sender, *, user, **kwargs) -> None:
    tips_person_erase(user=user)
