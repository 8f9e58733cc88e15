"""`manage.py smoke`: after a deploy, call every checklist endpoint over HTTP and report."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from deployment.endpoints import (
    CHECKLIST_ENDPOINTS,
    EXISTING,
    HEALTH_ENDPOINTS,
    LOYALTY,
    TIPS,
    parse_budget_overrides,
)
from deployment.smoke import SmokeOptions, smoke_report

GROUPS = (TIPS, LOYALTY, EXISTING)


class Command(BaseCommand):
    help = (
        "Call the health endpoints and every endpoint the deployment checklist names over HTTP; "
        "check status, JSON shape and time against the budgets. Exit 0 only when all pass: "
        "an endpoint that answers 404 fails."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SMOKE_BASE_URL,
            help=f"The deployed service (SMOKE_BASE_URL, default {settings.SMOKE_BASE_URL}).",
        )
        parser.add_argument("--token", default=settings.SMOKE_TOKEN, help="An access token.")
        parser.add_argument(
            "--username",
            default=settings.SMOKE_USERNAME,
            help="Log in as this admin or superadmin (SMOKE_USERNAME) when no token is given.",
        )
        parser.add_argument(
            "--password", default=settings.SMOKE_PASSWORD, help="Its password (SMOKE_PASSWORD)."
        )
        parser.add_argument(
            "--group",
            action="append",
            choices=GROUPS,
            help="Only these endpoint groups (repeatable); default: all.",
        )
        parser.add_argument(
            "--budget-ms",
            action="append",
            metavar="KEY=MS",
            help="Override a budget, e.g. tips.dashboard=500 or health.ready=100 (`*=MS`: all).",
        )
        parser.add_argument("--skip-health", action="store_true", help="Skip /health/ checks.")
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        try:
            budgets = parse_budget_overrides(
                options["budget_ms"], [*CHECKLIST_ENDPOINTS, *HEALTH_ENDPOINTS]
            )
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from None
        smoke = SmokeOptions(
            base_url=options["base_url"],
            token=options["token"],
            username=options["username"],
            password=options["password"],
            groups=tuple(options["group"] or GROUPS),
            budgets=budgets,
            health=not options["skip_health"],
            timeout=options["timeout"],
        )
        try:
            smoke.url("/")
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from None
        report = smoke_report(smoke)
        self.stdout.write(report.to_json() if options["json"] else report.to_text())
        if not report.ok:
            raise CommandError(f"smoke test failed: {report.summary()}", returncode=1)
