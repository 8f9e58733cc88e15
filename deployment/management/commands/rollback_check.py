"""`manage.py rollback_check`: prove the release's rollback commands keep the surviving data."""

from django.core.management.base import BaseCommand, CommandError

from deployment.postgres import DriverError, NotPostgres, PostgresError, settings_for
from deployment.release import ROLLBACK_TARGETS
from deployment.results import CheckResult, Report
from deployment.rollback import round_trip


class Command(BaseCommand):
    help = (
        "On a scratch database (demo data, or a copy of --template): migrate to the latest "
        "migrations, run the release's rollback commands, migrate forward again, and check that "
        "the rows of every surviving table are unchanged. The scratch database is dropped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--template",
            help="Copy this database instead of loading demo data (no one may be connected to it).",
        )
        parser.add_argument(
            "--keep-scratch", action="store_true", help="Keep the scratch database to inspect it."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        try:
            settings_dict = settings_for()
        except NotPostgres as error:
            raise CommandError(str(error), returncode=2) from None
        report = Report(
            "Rollback round trip",
            context={
                "targets": ", ".join(target.label for target in ROLLBACK_TARGETS),
            },
        )
        try:
            results = round_trip(
                settings_dict, template=options["template"], keep=options["keep_scratch"]
            )
        except (DriverError, PostgresError) as error:  # the scratch database itself
            results = [CheckResult.failed("scratch database", str(error).strip())]
        report.add("Rollback", results)
        self.stdout.write(report.to_json() if options["json"] else report.to_text())
        if not report.ok:
            raise CommandError(f"rollback check failed: {report.summary()}", returncode=1)
