"""Receivers of the websites app: the cached time zones follow every write of a website.

Whatever the path (API, Django admin, shell), a saved or deleted website retires the cached
zones; the zone itself changes through `websites.services.website_time_zone_set`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from websites.models import Website
from websites.selectors import website_time_zone_forget


@receiver(post_save, sender=Website, dispatch_uid="websites.time_zones_forget_on_save")
@receiver(post_delete, sender=Website, dispatch_uid="websites.time_zones_forget_on_delete")
def website_time_zones_forget(sender, **kwargs) -> None:
    # Now, for this transaction's own reads, and at the commit, for a read another process made
    # in between from the rows before it.
    website_time_zone_forget()
    transaction.on_commit(website_time_zone_forget)
