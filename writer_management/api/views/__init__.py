"""The tips app's API views, one module per resource."""

from writer_management.api.views.levels import WriterLevelViewSet
from writer_management.api.views.profiles import WriterProfileViewSet
from writer_management.api.views.settings import TipSettingsView
from writer_management.api.views.tips import TipViewSet

__all__ = ["TipSettingsView", "TipViewSet", "WriterLevelViewSet", "WriterProfileViewSet"]
