from core.exceptions import Conflict, DomainError


class LoginThrottled(DomainError):
    status_code = 429
    code = "throttled"

    def __init__(self, *, retry_after: int):
        self.retry_after = retry_after
        unit = "second" if retry_after == 1 else "seconds"
        super().__init__(f"Too many failed logins. Try again in {retry_after} {unit}.")


class InvalidCredentials(DomainError):
    status_code = 401
    code = "authentication_failed"
    default_message = "No active account found with the given credentials."


class UserNotUsable(DomainError):
    """A user named in input who cannot take the part: one answer whatever the reason.

    No such user, a user of another website, another role or a deactivated account all read
    the same, so the answer never tells which ids exist on other websites.
    """

    def __init__(self, *, user_id: int, role: str, field: str):
        super().__init__(
            f"User {user_id} is not an active {role} of this website.",
            field=field,
            code=f"invalid_{field}",
        )


class UserNotErasable(Conflict):
    code = "user_not_erasable"
    default_message = "Only clients and writers can be erased."


class UserAlreadyErased(Conflict):
    code = "user_already_erased"
    default_message = "This person's data was already erased."


class UserErasureBlocked(Conflict):
    """Something in flight still needs the person: finish or cancel it first."""

    code = "user_erasure_blocked"

    def __init__(self, reasons: list[tuple[str, str]]):
        self.reasons = [code for code, _ in reasons]
        texts = "; ".join(text for _, text in reasons)
        super().__init__(f"Not erased while {texts} ({', '.join(self.reasons)}).")
