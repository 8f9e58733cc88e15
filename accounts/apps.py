from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib import admin

        from accounts import receivers  # noqa: F401 - connects the signal receivers
        from accounts.admin_login import AdminLoginForm

        # The admin login counts failures with the API login (one limiter for both).
        admin.site.login_form = AdminLoginForm
