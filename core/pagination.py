from rest_framework.pagination import LimitOffsetPagination as DRFLimitOffsetPagination


class LimitOffsetPagination(DRFLimitOffsetPagination):
    """Limit/offset pages of at most 1000 rows (50 by default); the response carries `count`."""

    default_limit = 50
    max_limit = 1000
