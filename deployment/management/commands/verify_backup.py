"""`manage.py verify_backup FILE`: prove a backup restores to what its manifest describes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from deployment.backups import backup_verify
from deployment.postgres import SQLITE_BACKUP_HINT, DriverError, NotPostgres, PostgresError
from deployment.processes import ProgramNotFound
from deployment.results import Report


class Command(BaseCommand):
    help = (
        "Check a backup's SHA-256, restore it into a fresh scratch database, compare row counts "
        "and money/points checksums with its manifest, drop the scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .dump file written by backup_db.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--database", default="default", help="The database alias (default: default)."
        )

    def handle(self, *args, **options):
        try:
            results = backup_verify(options["file"], alias=options["database"])
        except NotPostgres as error:
            raise CommandError(f"{error}; {SQLITE_BACKUP_HINT}", returncode=2) from None
        except (DriverError, PostgresError, ProgramNotFound) as error:
            raise CommandError(f"verification failed: {error}", returncode=1) from None
        report = Report(f"Verify backup {options['file']}")
        report.add("Backup", results)
        self.stdout.write(report.to_json() if options["json"] else report.to_text())
        if not report.ok:
            raise CommandError(f"backup did not verify: {report.summary()}", returncode=1)
