"""`manage.py restore_db FILE --yes-i-mean-it`: replace the database with a verified backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from deployment.backups import backup_restore
from deployment.postgres import (
    SQLITE_BACKUP_HINT,
    DriverError,
    NotPostgres,
    PostgresError,
    settings_for,
)
from deployment.processes import ProgramNotFound
from deployment.results import Report


class Command(BaseCommand):
    help = (
        "Restore a backup_db file into the configured database, replacing its public schema in "
        "one transaction (nothing changes if it fails). Stop web, celery and celery-beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .dump file written by backup_db.")
        parser.add_argument(
            "--yes-i-mean-it",
            action="store_true",
            help="Confirm: every table of the configured database is replaced.",
        )
        parser.add_argument(
            "--database", default="default", help="The database alias (default: default)."
        )

    def handle(self, *args, **options):
        try:
            settings_dict = settings_for(options["database"])
        except NotPostgres as error:
            raise CommandError(f"{error}; {SQLITE_BACKUP_HINT}", returncode=2) from None
        target = f"{settings_dict['NAME']} at {settings_dict.get('HOST') or 'local'}"
        if not options["yes_i_mean_it"]:
            raise CommandError(
                f"restore_db replaces every table of {target} with the backup; "
                "run again with --yes-i-mean-it",
                returncode=2,
            )
        connections[options["database"]].close()  # this process's session must not hold locks
        try:
            results = backup_restore(options["file"], alias=options["database"])
        except (DriverError, PostgresError, ProgramNotFound) as error:
            raise CommandError(f"restore failed: {error}", returncode=1) from None
        report = Report(f"Restore {options['file']} into {target}")
        report.add("Restore", results)
        self.stdout.write(report.to_text())
        if not report.ok:
            raise CommandError(f"restore failed: {report.summary()}", returncode=1)
