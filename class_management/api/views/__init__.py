"""The class management API views, one module per resource."""

from class_management.api.views.bundles import ClassBundleViewSet
from class_management.api.views.installments import ClassInstallmentViewSet

__all__ = ["ClassBundleViewSet", "ClassInstallmentViewSet"]
