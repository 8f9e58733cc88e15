"""What the loyalty models share: the money column and the client-visibility querysets."""

from django.db import models

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from websites.querysets import WebsiteScopedQuerySet


def money_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


class OwnedByClientQuerySet(WebsiteScopedQuerySet):
    """Clients see the rows whose `client_field` is themselves; writers see none."""

    client_field = "client_id"

    def own_rows_for(self, user):
        if user.is_client:
            return self.filter(**{self.client_field: user.pk})
        return self.none()


class ActiveForClientsQuerySet(WebsiteScopedQuerySet):
    """Clients see the active rows of their website; writers none."""

    active_filter: dict = {"is_active": True}

    def own_rows_for(self, user):
        if user.is_client:
            return self.filter(website_id=user.website_id, **self.active_filter)
        return self.none()
