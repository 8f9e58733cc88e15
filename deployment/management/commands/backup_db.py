"""`manage.py backup_db`: a verified-to-be-complete dump with its checksum and manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from deployment.backups import BackupError, backup_create
from deployment.postgres import SQLITE_BACKUP_HINT, DriverError, NotPostgres, PostgresError
from deployment.processes import ProgramNotFound


class Command(BaseCommand):
    help = (
        "Dump the database (pg_dump custom format, compressed) to a timestamped file with a "
        ".sha256 and a manifest (row counts, money and points checksums); keep the newest N."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default="default", help="The database alias (default: default)."
        )
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=settings.BACKUP_DIR,
            help=f"Where backups go (BACKUP_DIR, default {settings.BACKUP_DIR}).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help=f"Keep the newest N backups of this database (BACKUP_KEEP, default "
            f"{settings.BACKUP_KEEP}); older ones are deleted.",
        )

    def handle(self, *args, **options):
        try:
            backup = backup_create(
                options["output_dir"], options["keep"], alias=options["database"]
            )
        except NotPostgres as error:
            raise CommandError(f"{error}; {SQLITE_BACKUP_HINT}", returncode=2) from None
        except (BackupError, DriverError, PostgresError, ProgramNotFound) as error:
            raise CommandError(f"backup failed: {error}", returncode=1) from None
        manifest = backup.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {backup.dump} ({manifest['dump_bytes']} bytes, "
                f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows)"
            )
        )
        self.stdout.write(f"  sha256    {backup.sha256}")
        self.stdout.write(f"  checksums {len(manifest['checksums'])} money/points tables")
        for path in backup.pruned:
            self.stdout.write(f"  deleted   {path.name} (retention: keep {options['keep']})")
