from rest_framework import serializers

from core.serializers import ModelSerializer
from websites.models import Website, validate_time_zone
from websites.services import effective_time_zone

TIME_ZONE_HELP = (
    "An IANA time zone name (e.g. `America/New_York`, `Asia/Tokyo`); empty: the deployment's "
    "reporting time zone. Unknown names: 400 naming `time_zone`."
)


class WebsiteOutput(ModelSerializer):
    reporting_time_zone = serializers.SerializerMethodField(
        help_text="The zone the website's days follow: its own, else the deployment's."
    )

    class Meta:
        model = Website
        fields = (
            "id",
            "name",
            "domain",
            "slug",
            "is_active",
            "time_zone",
            "reporting_time_zone",
            "created_at",
        )
        read_only_fields = fields

    def get_reporting_time_zone(self, website: Website) -> str:
        return effective_time_zone(website)


class WebsiteInput(ModelSerializer):
    class Meta:
        model = Website
        fields = ("name", "domain", "slug", "is_active", "time_zone")
        extra_kwargs = {"time_zone": {"help_text": TIME_ZONE_HELP}}


class WebsiteTimeZoneInput(serializers.Serializer):
    time_zone = serializers.CharField(
        max_length=64, allow_blank=True, validators=[validate_time_zone], help_text=TIME_ZONE_HELP
    )
