"""Reads: users by id, as other apps' inputs name them."""

from accounts.exceptions import UserNotUsable
from accounts.models import User


def user_from_input(
    *, user_id: int | None, field: str, role: str, actor: User | None = None
) -> User | None:
    """Return the active `role` user an input field names (None for no id).

    With `actor`, only users the actor may see count (an admin sees their own website's). A user
    who does not exist, is not visible, has another role or is inactive is the same 400
    (`UserNotUsable`, `invalid_<field>`), which is also what the services answer for a user of
    another website than the object's: the answer never tells which ids exist elsewhere.
    """
    if user_id is None:
        return None
    users = User.objects.all() if actor is None else User.objects.visible_to(actor)
    user = users.filter(pk=user_id, role=role, is_active=True).select_related("website").first()
    if user is None:
        raise UserNotUsable(user_id=user_id, role=role, field=field)
    return user
