import uuid

from django.conf import settings
from django.db import models


class IdempotencyKeyStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class IdempotencyKey(models.Model):
    """One executed (or executing) money/points POST, replayed when the same key comes again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    endpoint = models.CharField(
        max_length=255, help_text="HTTP method and path the key was used on."
    )
    request_fingerprint = models.CharField(max_length=64)
    claim_token = models.UUIDField(
        default=uuid.uuid4,
        help_text="Identifies the request holding the key; a takeover of a stale claim renews it.",
    )
    status = models.CharField(
        max_length=20,
        choices=IdempotencyKeyStatus.choices,
        default=IdempotencyKeyStatus.IN_PROGRESS,
    )
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("user", "endpoint", "key"), name="idempotency_key_unique_per_user_endpoint"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key} ({self.status})"
