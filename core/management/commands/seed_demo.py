"""Create (or top up) demo data: each installed app seeds its part from its own `demo` module.

Apps run in INSTALLED_APPS order and share one context dict, so later apps build on the
websites, users and orders earlier ones made. Running the command twice changes nothing.
In production mode it refuses unless `--allow-production` is given: the demo users share one
published password.
"""

import importlib
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create the demo websites, users and data of every app (idempotent) and print the logins. "
        "Refused in production mode unless --allow-production is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Seed even with DJANGO_ENV=production (a scratch or demo database only: every "
                "demo user has the same published password)."
            ),
        )

    def handle(self, *args, **options):
        if settings.DJANGO_ENV == "production" and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo users, whose password is published, in production mode "
                "(DJANGO_ENV=production). On a scratch or demo database, add --allow-production."
            )
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
