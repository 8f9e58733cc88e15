"""Benchmark the admin tip endpoints at scale, over HTTP, on their own PostgreSQL database.

`make bench` runs it; `perf.bench` says what it does and `perf.report` what it prints.
"""

import json
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from perf.bench import BenchRefused, bench_database, disk_use, ensure_database, measure
from perf.generator import TipDataGenerator
from perf.report import bench_lines
from writer_management.models import Tip


class Command(BaseCommand):
    help = "Generate a large tip dataset in the *_bench database and time the admin tip endpoints."

    def add_arguments(self, parser):
        parser.add_argument("--tips", type=int, default=1_000_000)
        parser.add_argument("--websites", type=int, default=20)
        parser.add_argument("--writers", type=int, default=5_000)
        parser.add_argument("--clients", type=int, default=20_000)
        parser.add_argument(
            "--days", type=int, default=730, help="Spread tips over this many days."
        )
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per endpoint.")
        parser.add_argument(
            "--reference-requests",
            type=int,
            default=5,
            help="Timed requests per endpoint for the on-the-fly run.",
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument(
            "--fresh", action="store_true", help="Drop and recreate the bench database first."
        )
        parser.add_argument(
            "--reuse", action="store_true", help="Keep the data already generated; only measure."
        )
        parser.add_argument(
            "--generate-only", action="store_true", help="Generate and rebuild; measure nothing."
        )
        parser.add_argument("--results", help="Write the measurements to this JSON file.")
        parser.add_argument(
            "--baseline",
            action="append",
            default=[],
            help="A JSON file of an earlier run (e.g. 10k tips) to compare with (repeat).",
        )
        parser.add_argument(
            "--plot", help="Draw the results (and the baselines by tip count) into this PNG."
        )

    def handle(self, *args, **options):
        try:
            database = bench_database()
        except BenchRefused as refused:
            raise CommandError(str(refused)) from refused
        rebuild_seconds = None
        if not options["reuse"]:
            rebuild_seconds = self._generate(database, options)
        if options["generate_only"]:
            return
        report = measure(
            requests_per_endpoint=options["requests"],
            reference_requests=options["reference_requests"],
            workers=options["workers"],
            stream=self.stderr,
        )
        report["rebuild_seconds"] = rebuild_seconds
        report["disk"] = disk_use()
        baselines = [json.loads(Path(path).read_text()) for path in options["baseline"]]
        for line in bench_lines(report, baseline=baselines[0] if baselines else None):
            self.stdout.write(line)
        if options.get("results"):
            Path(options["results"]).write_text(json.dumps(report, indent=2))
        if options.get("plot"):
            from perf.plot import bench_plot  # matplotlib: a development requirement only

            written = bench_plot(report, baselines=baselines, path=Path(options["plot"]))
            self.stdout.write(f"Picture: {written}")

    def _generate(self, database: dict, options: dict) -> float:
        """Create, migrate and fill the bench database; return the rollups' rebuild seconds."""
        ensure_database(database, fresh=options["fresh"], say=self.stdout.write)
        call_command("migrate", verbosity=0)
        if Tip.objects.exists():
            raise CommandError(
                "The bench database already has tips: pass --fresh to regenerate them or "
                "--reuse to measure them."
            )
        generator = TipDataGenerator(say=self.stdout.write, progress_stream=self.stderr)
        seconds = generator.generate(
            tips=options["tips"],
            websites=options["websites"],
            writers=options["writers"],
            clients=options["clients"],
            days=options["days"],
        )
        self.stdout.write(f"Generated {options['tips']:,} tips in {seconds:.0f} s")
        started = time.monotonic()
        call_command("rebuild_tip_stats", stdout=self.stdout, stderr=self.stderr)
        rebuild_seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        disk = disk_use()
        self.stdout.write(
            f"Disk: database {disk['database'] / 2**30:.2f} GiB (tips with their indexes "
            f"{disk['tips'] / 2**30:.2f} GiB, rollups {disk['rollups'] / 2**20:.0f} MiB)"
        )
        return rebuild_seconds
