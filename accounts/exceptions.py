from core.exceptions import DomainError


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
