"""Viewsets under `/api/v1/order-payments/`."""
