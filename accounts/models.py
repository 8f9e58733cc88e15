from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models

from websites.querysets import WebsiteScopedQuerySet


class Role(models.TextChoices):
    SUPERADMIN = "superadmin", "Superadmin"
    ADMIN = "admin", "Admin"
    WRITER = "writer", "Writer"
    CLIENT = "client", "Client"


class UserQuerySet(WebsiteScopedQuerySet):
    """Superadmins see everyone; admins their website's writers and clients; others themselves."""

    def admin_rows_for(self, user):
        return self.for_website(user.website_id).filter(role__in=(Role.WRITER, Role.CLIENT))

    def own_rows_for(self, user):
        return self.filter(pk=user.pk)

    def writers(self):
        return self.filter(role=Role.WRITER)

    def clients(self):
        return self.filter(role=Role.CLIENT)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.SUPERADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person on the platform. Everyone but a superadmin belongs to exactly one website."""

    email = models.EmailField(unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLIENT, db_index=True)
    website = models.ForeignKey(
        "websites.Website", on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person's data was erased (the account keeps its money, pseudonymous).",
    )

    objects = UserManager()
    # Personal data: the audit log shows only that these changed (core.audit), so an entry
    # never keeps what an erasure removes.
    audit_redacted = ("username", "email", "first_name", "last_name")

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=Role.SUPERADMIN) | models.Q(website__isnull=False),
                name="user_website_required_unless_superadmin",
            ),
        ]
        indexes = [models.Index(fields=["website", "role"], name="user_website_role_idx")]

    def save(self, *args, **kwargs):
        # Staff status follows the role: only superadmins use the Django admin and silk
        # (docs/CONFIGURATION.md, "Who may use the Django admin").
        self.is_staff = self.is_superuser = self.role == Role.SUPERADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    @property
    def is_superadmin(self) -> bool:
        return self.role == Role.SUPERADMIN

    @property
    def is_admin(self) -> bool:
        """Admin of a website (superadmins are not 'admin' here; see `is_staff_role`)."""
        return self.role == Role.ADMIN

    @property
    def is_staff_role(self) -> bool:
        return self.role in (Role.ADMIN, Role.SUPERADMIN)

    @property
    def is_writer(self) -> bool:
        return self.role == Role.WRITER

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT
