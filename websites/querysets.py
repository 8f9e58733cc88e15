"""The tenancy rule at the data layer: which rows a user may see.

Every website-owned model's manager is built from `WebsiteScopedQuerySet`; the API side of the
same rule (404 for foreign rows, `?website_id=`) lives in `websites.scoping`.
"""

from typing import Self

from django.db import models


class WebsiteScopedQuerySet(models.QuerySet):
    """A queryset of website-owned rows that knows who may see which."""

    website_id_field = "website_id"

    def visible_to(self, user) -> Self:
        """Narrow to the rows `user` may see; superadmins see every website."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superadmin:
            return self
        if user.is_admin:
            return self.admin_rows_for(user)
        return self.own_rows_for(user)

    def for_website(self, website_id: int) -> Self:
        return self.filter(**{self.website_id_field: website_id})

    def admin_rows_for(self, user) -> Self:
        """Rows a website's admin may see: their website's, unless the model says otherwise."""
        return self.for_website(user.website_id)

    def own_rows_for(self, user) -> Self:
        """Rows a client or writer may see; none unless the model says otherwise."""
        return self.none()


class OwnedRowsQuerySet(WebsiteScopedQuerySet):
    """Rows a client or writer owns: they see the rows whose `owner_field` is themselves.

    `owner_roles` says which roles own rows of the model (others see none).
    """

    owner_field = "user_id"
    owner_roles: tuple[str, ...] = ("client", "writer")

    def own_rows_for(self, user) -> Self:
        if user.role in self.owner_roles:
            return self.filter(**{self.owner_field: user.pk})
        return self.none()
