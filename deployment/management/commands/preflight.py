"""`manage.py preflight`: the deployment checklist's machine-checkable items, one report."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from deployment.checks import (
    api,
    configuration,
    database,
    dependencies,
    performance,
    security,
    services,
)
from deployment.checks.options import PreflightOptions
from deployment.endpoints import parse_budget_overrides
from deployment.probing import probe_environment
from deployment.results import CheckResult, Report

PLAIN_SECTIONS = {
    "configuration": configuration,
    "dependencies": dependencies,
    "database": database,
    "services": services,
    "api": api,
}
PROBE_SECTIONS = {"performance": performance, "security": security}
SECTIONS = [*PLAIN_SECTIONS, *PROBE_SECTIONS]


class Command(BaseCommand):
    help = (
        "Check that this deployment is ready: configuration, dependencies, database and "
        "migrations, services, API docs, endpoint budgets and N+1, permissions. Exit 0 only "
        "when nothing required fails. Changes no data."
    )
    # The report includes `check --deploy`; a failing system check must not hide the rest.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--no-workers-required",
            action="store_true",
            help="No Celery worker answering is a warning, not a failure.",
        )
        parser.add_argument("--skip-performance", action="store_true", help="Skip budgets and N+1.")
        parser.add_argument("--skip-security", action="store_true", help="Skip role checks.")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Nothing passes softly: a check that cannot run for want of data fails.",
        )
        parser.add_argument(
            "--before-migrate",
            action="store_true",
            help="Run before `migrate`: pending migrations are linted, not a failure.",
        )
        parser.add_argument(
            "--section",
            action="append",
            choices=SECTIONS,
            help="Run only this section (repeatable).",
        )
        parser.add_argument(
            "--budget-ms",
            action="append",
            metavar="KEY=MS",
            help="Override an endpoint's budget, e.g. tips.list=500 (`*=MS` for all).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=settings.HEALTH_CHECK_TIMEOUT,
            help="Seconds to wait for Redis, the broker and workers.",
        )
        parser.add_argument(
            "--repeat", type=int, default=3, help="Timed requests per endpoint (median)."
        )

    def handle(self, *args, **options):
        preflight = PreflightOptions(
            workers_required=not options["no_workers_required"],
            before_migrate=options["before_migrate"],
            strict=options["strict"],
            service_timeout=options["timeout"],
            repeat=options["repeat"],
        )
        try:
            preflight.budgets = parse_budget_overrides(
                options["budget_ms"], list(preflight.endpoints)
            )
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from None
        selected = options["section"] or SECTIONS
        skipped = set()
        if options["skip_performance"]:
            skipped.add("performance")
        if options["skip_security"]:
            skipped.add("security")

        report = Report("Preflight", context=self.context(preflight))
        for key, module in PLAIN_SECTIONS.items():
            if key in selected:
                report.add(module.TITLE, module.run(preflight))
        probe_sections = [k for k in PROBE_SECTIONS if k in selected and k not in skipped]
        if probe_sections:
            self.run_probe_sections(report, probe_sections, preflight)
        for key in sorted(skipped & set(selected), key=SECTIONS.index):
            module = PROBE_SECTIONS[key]
            report.add(module.TITLE, [CheckResult.skipped(module.TITLE, f"--skip-{key}")])

        self.stdout.write(report.to_json() if options["json"] else report.to_text())
        if not report.ok:
            raise CommandError(f"preflight failed: {report.summary()}", returncode=1)

    def context(self, preflight: PreflightOptions) -> dict:
        db = connections[preflight.database].settings_dict
        return {
            "database": f"{db['NAME']} ({db['ENGINE'].rsplit('.', 1)[-1]})",
            "settings": f"DJANGO_ENV={settings.DJANGO_ENV}, DEBUG={settings.DEBUG}",
            "mode": ", ".join(
                mode
                for mode, on in (
                    ("strict", preflight.strict),
                    ("before migrate", preflight.before_migrate),
                    ("workers optional", not preflight.workers_required),
                )
                if on
            )
            or "default",
        }

    def run_probe_sections(
        self, report: Report, keys: list[str], preflight: PreflightOptions
    ) -> None:
        """Run the in-process endpoint sections inside one rolled-back probe transaction."""
        modules = [PROBE_SECTIONS[key] for key in keys]
        blocker = self.probe_blocker(preflight)
        if blocker:
            for module in modules:
                report.add(module.TITLE, [blocker])
            return
        try:
            with probe_environment() as environment:
                for module in modules:
                    report.add(module.TITLE, module.run(preflight, environment))
        except DatabaseError as error:
            for module in modules:
                if module.TITLE not in [s.title for s in report.sections]:
                    report.add(
                        module.TITLE,
                        [
                            CheckResult.failed(
                                "probe data",
                                f"could not be created: {type(error).__name__}: {error}",
                            )
                        ],
                    )

    def probe_blocker(self, preflight: PreflightOptions) -> CheckResult | None:
        """Why the endpoint checks cannot run against this database, if they cannot.

        Unreachable, or migrations pending, fails; pending migrations before `migrate`
        (`--before-migrate`) only postpone the endpoint checks.
        """
        name = "endpoint checks"
        connection = connections[preflight.database]
        try:
            connection.ensure_connection()
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            return CheckResult.failed(name, f"the database is unreachable: {error}".strip())
        if not plan:
            return None
        reason = f"{len(plan)} migrations are not applied"
        if preflight.before_migrate:
            return CheckResult.skipped(name, f"{reason}: run after `migrate`")
        return CheckResult.failed(name, f"{reason}: run `manage.py migrate` first")
