from django.db import models

from websites.querysets import WebsiteScopedQuerySet


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteQuerySet.as_manager()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name
