"""Recompute every tip rollup from the tip rows, one transaction per website.

Run it after a restore, after changing tips directly in the database, or after a change of
`REPORTING_TIME_ZONE` (a website's own zone, set through the API, rebuilds its rows itself).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tip_stats.services import PERSON_SINCE, ROLLUPS, tip_stats_rebuild
from websites.models import Website


class Command(BaseCommand):
    help = "Rebuild the tip statistics (rollups) of every website, or of the given ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--website", type=int, action="append", dest="websites", help="A website id (repeat)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, websites=None, no_progress=False, **options):
        known = Website.objects.order_by("id").values_list("id", flat=True)
        if websites:
            unknown = sorted(set(websites) - set(known.filter(pk__in=websites)))
            if unknown:
                raise CommandError(f"Unknown website id(s): {', '.join(map(str, unknown))}")
            website_ids = sorted(set(websites))
        else:
            website_ids = list(known)
        started = time.monotonic()
        with tqdm(
            total=len(website_ids),
            unit="website",
            desc="Rebuilding tip statistics",
            disable=no_progress,
            file=self.stderr,
        ) as bar:
            tip_stats_rebuild(website_ids=website_ids, progress=lambda _website_id: bar.update())
        rows = ", ".join(
            f"{model.objects.count()} {model._meta.verbose_name} rows"
            for model in (*ROLLUPS, *PERSON_SINCE)
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt the tip statistics of {len(website_ids)} website(s) in "
                f"{time.monotonic() - started:.1f} s: {rows}"
            )
        )
