from django.apps import AppConfig


class AccountsOverridesConfig(AppConfig):
    """Django's own user commands, audited.

    A management command of an app listed earlier in INSTALLED_APPS wins, so this app comes
    before `django.contrib.auth` (the `accounts` app itself cannot: its admin unregisters
    auth's, which must be registered first).
    """

    name = "accounts.overrides"
    label = "accounts_overrides"
    verbose_name = "Accounts (audited commands)"
