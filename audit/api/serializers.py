from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEntry
from audit.selectors import EXPORT_COLUMNS, actor_username_for
from core.serializers import ModelSerializer


class AuditEntryOutput(ModelSerializer):
    actor_username = serializers.SerializerMethodField(
        help_text="Shown for actors of the reader's website; a superadmin's to superadmins only."
    )
    before = serializers.JSONField(help_text="The changed fields' values before the action.")
    after = serializers.JSONField(help_text="The changed fields' values after the action.")

    class Meta:
        model = AuditEntry
        fields = EXPORT_COLUMNS
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor_username(self, entry: AuditEntry) -> str | None:
        return actor_username_for(
            self.context["request"].user,
            actor_role=entry.actor_role,
            actor_username=entry.actor_username,
        )
