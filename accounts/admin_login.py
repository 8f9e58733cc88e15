"""The Django admin's login form, through the same failed-login delays as the API login."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts.exceptions import InvalidCredentials, LoginThrottled
from accounts.services import user_login
from core.client_ip import client_ip


class AdminLoginForm(AdminAuthenticationForm):
    """Log in with `user_login`: one account and one client IP share one count with the API."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = user_login(
                    identifier=username, password=password, ip=client_ip(self.request)
                )
            except LoginThrottled as throttled:
                raise ValidationError(throttled.message, code="throttled") from None
            except InvalidCredentials:
                raise self.get_invalid_login_error() from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
