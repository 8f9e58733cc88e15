"""Django's `changepassword`, audited: the change is an entry of the command (redacted)."""

import getpass

from django.contrib.auth.management.commands import changepassword
from django.db import transaction

from accounts.models import User
from core.audit import Target, command_scope


class Command(changepassword.Command):
    def handle(self, *args, **options):
        database = options.get("database") or "default"
        username = options.get("username") or getpass.getuser()  # Django's default
        with command_scope("changepassword"), transaction.atomic(using=database):
            target = Target(User, {"username": username})
            result = super().handle(*args, **options)
            target.record("user.change_password")
        return result
