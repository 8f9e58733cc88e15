"""Create (or top up) demo data: each installed app seeds its part from its own `demo` module.

Apps run in INSTALLED_APPS order and share one context dict, so later apps build on the
websites, users and orders earlier ones made. Running the command twice changes nothing.
"""

import importlib
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create the demo websites, users and data of every app (idempotent) and print the logins."
    )

    def handle(self, *args, **options):
        context: dict = {"logins": []}
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed(context)
            self.stdout.write(f"  seeded {app_config.label}")
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Logins (password for all: {}):".format(
                    context.get("password", "-")
                )
            )
        )
        for role, username, website in context["logins"]:
            self.stdout.write(f"  {role:<11} {username:<20} {website}")
