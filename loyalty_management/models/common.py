"""What the loyalty models share: the client-visibility querysets."""

from websites.querysets import OwnedRowsQuerySet, WebsiteScopedQuerySet


class OwnedByClientQuerySet(OwnedRowsQuerySet):
    """Clients see the rows whose `owner_field` is themselves; writers see none."""

    owner_field = "client_id"
    owner_roles = ("client",)


class ActiveForClientsQuerySet(WebsiteScopedQuerySet):
    """Clients see the active rows of their website; writers none."""

    active_filter: dict = {"is_active": True}

    def own_rows_for(self, user):
        if user.is_client:
            return self.filter(website_id=user.website_id, **self.active_filter)
        return self.none()
