"""Reads: users by id, as other apps' inputs name them."""

from accounts.exceptions import UserNotUsable
from accounts.models import User
from websites.crud import visible_row_from_input


def user_from_input(*, user_id: int | None, field: str, role: str, actor: User) -> User | None:
    """Return the active `role` user an input field names (None for no id).

    Only users the actor may see count (an admin sees their own website's). A user
    who does not exist, is not visible, has another role or is inactive is the same 400
    (`UserNotUsable`, `invalid_<field>`), which is also what the services answer for a user of
    another website than the object's: the answer never tells which ids exist elsewhere.
    """
    return visible_row_from_input(
        User.objects.filter(role=role, is_active=True).select_related("website"),
        user=actor,
        pk=user_id,
        field=field,
        refusal=lambda: UserNotUsable(user_id=user_id, role=role, field=field),
    )
