from core.serializers import ModelSerializer
from websites.models import Website


class WebsiteOutput(ModelSerializer):
    class Meta:
        model = Website
        fields = ("id", "name", "domain", "slug", "is_active", "created_at")
        read_only_fields = fields


class WebsiteInput(ModelSerializer):
    class Meta:
        model = Website
        fields = ("name", "domain", "slug", "is_active")
