"""Demo data: bring the tip statistics up to date with the demo tips the apps before made."""

from writer_management.tip_stats_services import tip_stats_rebuild


def seed(context: dict) -> None:
    # The demo backdates its tips after sending them, which no status change reports.
    tip_stats_rebuild(website_ids=[website.pk for website in context.get("websites", [])])
