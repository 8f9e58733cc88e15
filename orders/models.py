from django.conf import settings
from django.db import models
from django.db.models import Q

from core.fields import money_field
from websites.querysets import WebsiteScopedQuerySet


class OrderStatus(models.TextChoices):
    UNPAID = "unpaid", "Unpaid"
    PAID = "paid", "Paid"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# Which status may follow which; everything else is refused.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.UNPAID: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED}),
    OrderStatus.IN_PROGRESS: frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class OrderQuerySet(WebsiteScopedQuerySet):
    def own_rows_for(self, user):
        if user.is_writer:
            return self.filter(writer_id=user.pk)
        if user.is_client:
            return self.filter(client_id=user.pk)
        return self.none()


class Order(models.Model):
    """A writing order a client placed on one website, optionally assigned to a writer."""

    website = models.ForeignKey("websites.Website", on_delete=models.PROTECT, related_name="orders")
    order_number = models.CharField(max_length=32)
    title = models.CharField(max_length=255)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_orders"
    )
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="writer_orders",
    )
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.UNPAID
    )
    total_price = money_field()
    writer_compensation = money_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("website", "order_number"), name="order_number_unique_per_website"
            ),
            models.CheckConstraint(
                condition=Q(total_price__gte=0), name="order_total_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(writer_compensation__gte=0)
                & Q(writer_compensation__lte=models.F("total_price")),
                name="order_writer_compensation_within_price",
            ),
        ]
        indexes = [
            models.Index(fields=("website", "status"), name="order_website_status_idx"),
            # An admin's list, newest first: the page is read from the index, not sorted.
            models.Index(
                fields=("website", "-created_at", "-id"), name="order_website_created_idx"
            ),
            models.Index(fields=("client", "-created_at"), name="order_client_created_idx"),
            models.Index(fields=("writer", "-created_at"), name="order_writer_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.order_number} {self.title}"
