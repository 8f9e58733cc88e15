"""Who asks: the one tenancy rule every tip report applies to tips and to their rollups alike."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from writer_management.models import Tip


@dataclass(frozen=True)
class TipReportScope:
    """The rows a report may read: what `user` sees, narrowed to `website_id` when given.

    `website_id` must already be checked against the user (`websites.scoping.
    website_id_from_request`): a superadmin may name any website, others only their own.
    """

    user: Any
    website_id: int | None = None

    def narrow(self, queryset: QuerySet) -> QuerySet:
        """Apply the tenancy rule to a website-scoped queryset (tips or rollups)."""
        queryset = queryset.visible_to(self.user)
        if self.website_id is not None:
            queryset = queryset.for_website(self.website_id)
        return queryset

    def tips(self) -> QuerySet[Tip]:
        return self.narrow(Tip.objects.all())

    @property
    def single_website_id(self) -> int | None:
        """The one website the scope covers (None: every website, for a superadmin)."""
        if self.website_id is not None:
            return self.website_id
        if getattr(self.user, "is_superadmin", False):
            return None
        return getattr(self.user, "website_id", None)

    @property
    def key(self) -> str:
        """Name the set of websites the scope covers: `all`, or `w<id>` for one website."""
        website_id = self.single_website_id
        return "all" if website_id is None else f"w{website_id}"
