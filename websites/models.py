import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models

from websites.querysets import WebsiteScopedQuerySet


def time_zone_names() -> frozenset[str]:
    """The IANA zone names a website may choose."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in time_zone_names():
        raise ValidationError(
            "Unknown time zone %(value)s: use an IANA name such as Europe/Berlin.",
            code="invalid",
            params={"value": value},
        )


class WebsiteQuerySet(WebsiteScopedQuerySet):
    website_id_field = "id"

    def own_rows_for(self, user):
        return self.filter(pk=user.website_id)


class Website(models.Model):
    """One branded website (the tenant); every website-owned row points at one."""

    name = models.CharField(max_length=120)
    domain = models.CharField(max_length=253, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    is_active = models.BooleanField(default=True)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        default="",
        # A default in the database too: the previous release inserts websites without it.
        db_default="",
        validators=[validate_time_zone],
        help_text=(
            "The IANA time zone of the website's reports, date filters and due dates; empty: "
            "the deployment's reporting time zone."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteQuerySet.as_manager()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name
