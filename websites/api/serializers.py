from rest_framework import serializers

from websites.models import Website


class WebsiteOutput(serializers.ModelSerializer):
    class Meta:
        model = Website
        fields = ("id", "name", "domain", "slug", "is_active", "created_at")
        read_only_fields = fields


class WebsiteInput(serializers.ModelSerializer):
    class Meta:
        model = Website
        fields = ("name", "domain", "slug", "is_active")
