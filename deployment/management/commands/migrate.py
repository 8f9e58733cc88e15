"""`manage.py migrate`: Django's command, plus the checklist's `--dry-run`.

`migrate --dry-run` prints the plan (as `--plan` does), lints the migrations it would apply with
the deployment migration lint and its allow-list (the same verdict as `preflight`), and applies
nothing. It exits 1 when a pending operation is flagged: a blocking lint finding, or an
operation the plan cannot reverse. Without `--dry-run` every option is Django's own.

Django picks a command from the first installed app that defines it, falling back to
`django.core`: no other installed app defines `migrate`, so this one is `manage.py migrate`.
"""

import sys
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError, no_translations
from django.core.management.commands import migrate
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from deployment.migration_lint import AllowlistError, MigrationLint, load_allowlist
from deployment.results import SYMBOLS, Status
from deployment.rollback import unapply_effects

# Options that write to the database even when nothing is migrated.
WRITING_OPTIONS = ("fake", "fake_initial", "prune", "run_syncdb")


def plan_targets(executor: MigrationExecutor, app_label, migration_name) -> list:
    """Return the targets `migrate [app_label] [migration_name]` plans for (as Django does)."""
    loader = executor.loader
    if app_label and migration_name:
        if migration_name == "zero":
            return [(app_label, None)]
        target = (app_label, loader.get_migration_by_prefix(app_label, migration_name).name)
        if target not in loader.graph.nodes and target in loader.replacements:
            target = loader.replacements[target].replaces[-1]
        return [target]
    if app_label:
        return [key for key in loader.graph.leaf_nodes() if key[0] == app_label]
    return loader.graph.leaf_nodes()


class Command(migrate.Command):
    help = (
        f"{migrate.Command.help} With --dry-run: print the plan and the migration lint of what "
        "would be applied, apply nothing, and exit 1 when a pending operation is flagged."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=(
                "Print the plan (as --plan) and lint the migrations it would apply (as preflight "
                "does); apply nothing. Exits 1 when an operation is flagged: a lint finding not "
                "in the allow-list, or an operation that cannot be reversed."
            ),
        )

    @no_translations
    def handle(self, *args, **options):
        if not options["dry_run"]:
            return super().handle(*args, **options)
        writing = [name for name in WRITING_OPTIONS if options[name]]
        if writing:
            flags = ", ".join(f"--{name.replace('_', '-')}" for name in writing)
            raise CommandError(
                f"--dry-run applies nothing: it cannot be combined with {flags}", returncode=2
            )
        # Django validates the arguments and the history, and prints the plan.
        super().handle(*args, **{**options, "plan": True, "check_unapplied": False})
        connection = connections[options["database"]]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(
            plan_targets(executor, options["app_label"], options["migration_name"])
        )
        flagged = self.report(connection, executor, plan)
        if flagged:
            raise CommandError(f"dry run: nothing applied; {flagged} (see above)", returncode=1)
        self.stdout.write("Dry run: nothing applied.")
        if options["check_unapplied"] and plan:
            sys.exit(1)
        return None

    def report(self, connection, executor, plan) -> str:
        """Print the lint of the forwards part and the reversal of the backwards part.

        Return what was flagged ("" when nothing).
        """
        forwards = [migration for migration, backwards in plan if not backwards]
        backwards = [migration for migration, backwards in plan if backwards]
        flagged = []
        if not plan:
            self.stdout.write("Migration lint: nothing to apply.", self.style.MIGRATE_LABEL)
        if forwards:
            blocking = self.report_lint(connection, executor, forwards)
            if blocking:
                flagged.append(f"{blocking} unsafe operations")
        if backwards:
            irreversible = self.report_backwards(connection, executor, backwards)
            if irreversible:
                flagged.append(f"{irreversible} irreversible operations")
        return ", ".join(flagged)

    def report_lint(self, connection, executor, forwards) -> int:
        """Lint what would be applied, as `preflight` does; return how many findings block."""
        path = Path(settings.DEPLOYMENT_MIGRATION_LINT_ALLOWLIST)
        try:
            allowlist = load_allowlist(path)
        except AllowlistError as error:
            raise CommandError(f"migration lint allow-list: {error}") from None
        result = MigrationLint(connection, allowlist).lint_plan(forwards, executor.loader)
        self.stdout.write(
            f"Migration lint ({len(result.linted)} migrations; reviewed exceptions in "
            f"{path.name}):",
            self.style.MIGRATE_LABEL,
        )
        for issue in sorted(result.issues, key=lambda issue: not issue.blocking):
            if issue.blocking:
                self.stdout.write(f"  {SYMBOLS[Status.FAIL]} {issue.describe()}", self.style.ERROR)
            elif issue.allowed_because and self.verbosity < 2:
                allowed = replace(issue, allowed_because=None).describe()
                self.stdout.write(f"  {SYMBOLS[Status.PASS]} {allowed} - allowed (reviewed)")
            else:
                self.stdout.write(f"  {SYMBOLS[Status.WARN]} {issue.describe()}")
        if result.exempt:
            self.stdout.write(
                f"  {SYMBOLS[Status.SKIP]} {len(result.exempt)} operations exempt: their tables "
                "are new in this release" + ("" if self.verbosity >= 2 else " (-v 2 lists them)")
            )
            if self.verbosity >= 2:
                self.stdout.writelines(f"      {text}" for text in result.exempt)
        for text in result.skipped:
            self.stdout.write(f"  {SYMBOLS[Status.SKIP]} not linted: {text}")
        blocking = len(result.blocking)
        if blocking:
            self.stdout.write(
                f"  {blocking} unsafe operations: review each, then change the migration or add "
                f'a reviewed entry to {path.name} (docs/DEPLOYMENT.md, "Migration lint").',
                self.style.ERROR,
            )
        else:
            allowed = len(result.issues)
            self.stdout.write(
                f"  {SYMBOLS[Status.PASS]} nothing unsafe"
                + (f" ({allowed} findings allowed by reviewed entries)" if allowed else "")
            )
        return blocking

    def report_backwards(self, connection, executor, backwards) -> int:
        """Print the tables unapplying drops and alters; return how many operations are flagged."""
        effects = unapply_effects(backwards, executor.loader, connection)
        self.stdout.write("Unapplying:", self.style.MIGRATE_LABEL)
        self.stdout.write(f"  drops tables: {', '.join(sorted(effects.dropped)) or '(none)'}")
        self.stdout.write(f"  alters tables: {', '.join(sorted(effects.altered)) or '(none)'}")
        for text in effects.unrendered:
            self.stdout.write(f"  {SYMBOLS[Status.WARN]} SQL not rendered: {text}")
        for text in effects.irreversible:
            self.stdout.write(f"  {SYMBOLS[Status.FAIL]} irreversible: {text}", self.style.ERROR)
        return len(effects.irreversible)
