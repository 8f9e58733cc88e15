"""The audit log: one row per object an admin, a superadmin or a command changed.

Rows are append-only: the database refuses every UPDATE and DELETE of them (a trigger, see
migration 0001), so neither the application nor a mistaken script can rewrite history. The actor
and the website are kept as ids without a foreign key: an entry outlives the user and the
website it names.
"""

from django.db import models

from websites.querysets import WebsiteScopedQuerySet


class AuditSource(models.TextChoices):
    API = "api", "API"
    ADMIN = "admin", "Django admin"
    COMMAND = "command", "Management command"


class AuditEntryQuerySet(WebsiteScopedQuerySet):
    """Superadmins read every entry; a website's admins their website's; nobody else any."""


class AuditEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    website_id = models.BigIntegerField(
        null=True, blank=True, help_text="The website of the changed object (None: global)."
    )
    source = models.CharField(max_length=10, choices=AuditSource.choices)
    actor_id = models.BigIntegerField(null=True, blank=True, help_text="The user who acted.")
    actor_role = models.CharField(max_length=20, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    command = models.CharField(
        max_length=100, blank=True, help_text="The management command that acted, if any."
    )
    action = models.CharField(max_length=100, help_text="`<model>.<verb>`, e.g. `wallet.credit`.")
    object_type = models.CharField(max_length=100, help_text="`<app>.<model>`.")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, help_text="The changed fields' values before.")
    after = models.JSONField(default=dict, help_text="The changed fields' values after.")
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.CharField(max_length=45, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ("-id",)
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["website_id", "-id"], name="audit_website_newest_idx"),
            models.Index(fields=["object_type", "object_id", "-id"], name="audit_object_idx"),
            models.Index(fields=["actor_id", "-id"], name="audit_actor_idx"),
            models.Index(fields=["created_at"], name="audit_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"
