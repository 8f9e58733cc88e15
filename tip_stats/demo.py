"""Demo data: the tip statistics of the demo websites, rebuilt after every app seeded its tips."""

from tip_stats.services import tip_stats_rebuild


def seed(context: dict) -> None:
    # The demo backdates its tips after sending them, which no status change reports.
    tip_stats_rebuild(website_ids=[website.pk for website in context.get("websites", [])])
