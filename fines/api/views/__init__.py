"""The fines app's API views, one module per resource."""

from fines.api.views.appeals import FineAppealViewSet
from fines.api.views.compensation import OrderCompensationViewSet
from fines.api.views.fines import FineViewSet
from fines.api.views.types import FineTypeConfigViewSet

__all__ = ["FineAppealViewSet", "FineTypeConfigViewSet", "FineViewSet", "OrderCompensationViewSet"]
