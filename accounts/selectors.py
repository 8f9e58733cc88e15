"""Reads: users by id, as other apps' inputs name them."""

from accounts.models import User
from core.exceptions import DomainError


def user_from_input(*, user_id: int | None, field: str) -> User | None:
    """Return the user an input field names (None for no id); an unknown id is a 400 naming it.

    Whether the user may take that part (role, website) is the calling service's rule.
    """
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).select_related("website").first()
    if user is None:
        raise DomainError(f"User {user_id} does not exist.", field=field, code=f"invalid_{field}")
    return user
