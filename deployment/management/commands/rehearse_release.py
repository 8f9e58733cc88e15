"""`manage.py rehearse_release`: a release rehearsed under live traffic on a copy of the data."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from deployment.backups import backups_in
from deployment.postgres import NotPostgres, settings_for
from deployment.rehearsal.releases import ReleaseError
from deployment.rehearsal.run import SUFFIX, RehearsalError, rehearse

DOC = Path(settings.BASE_DIR) / "docs" / "DEPLOYMENT.md"
BEGIN, END = "<!-- rehearsal:begin -->", "<!-- rehearsal:end -->"


class Command(BaseCommand):
    help = (
        "Restore a backup into a scratch *_rehearsal database, serve it with the previous "
        "release under load, migrate while it serves, switch to this release, reload it, roll "
        "back and forward again under load, and report: failed requests (must be 0), each "
        "phase's latencies, each migration's duration and worst lock wait, the rollback's data "
        "check and the invariants. Never touches the configured database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backup",
            help="A backup_db dump (default: the newest in BACKUP_DIR; with none, the previous "
            "release loads demo data).",
        )
        parser.add_argument(
            "--demo-data",
            action="store_true",
            help="Ignore BACKUP_DIR: the previous release migrates and loads demo data.",
        )
        parser.add_argument(
            "--from",
            dest="ref",
            help="The previous release as a git ref (default: the newest tag; else the commit "
            "whose migrations match the backup's; else the parent of the newest migration change).",
        )
        parser.add_argument("--database", help=f"The scratch database (must end in {SUFFIX}).")
        parser.add_argument(
            "--phase-seconds", type=float, default=10, help="How long each phase runs (s)."
        )
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--no-docs", action="store_true", help="Do not write the report into DEPLOYMENT.md."
        )

    def handle(self, *args, **options):
        try:
            settings_dict = settings_for()
        except NotPostgres as error:
            raise CommandError(str(error), returncode=2) from None
        database = options["database"] or f"{settings_dict['NAME']}{SUFFIX}"
        backup = Path(options["backup"]) if options["backup"] else None
        if backup is None and not options["demo_data"]:
            found = backups_in(Path(settings.BACKUP_DIR), settings_dict["NAME"])
            backup = found[-1] if found else None

        def progress(message):
            return self.stderr.write(f"[rehearsal] {message}")

        try:
            report = rehearse(
                database=database,
                backup=backup,
                ref=options["ref"],
                phase_seconds=options["phase_seconds"],
                keep=options["keep"],
                progress=progress,
            )
        except (RehearsalError, ReleaseError) as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(report.as_json() if options["json"] else report.as_text())
        if not options["no_docs"] and DOC.exists():
            text = DOC.read_text()
            if BEGIN in text and END in text:
                head, rest = text.split(BEGIN, 1)
                _old, tail = rest.split(END, 1)
                DOC.write_text(f"{head}{BEGIN}\n{report.as_text()}\n{END}{tail}")
        if not report.passed:
            raise CommandError("the rehearsal failed (see the report above)", returncode=1)
