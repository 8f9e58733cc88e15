from rest_framework import serializers

from accounts.models import Role, User
from core.serializers import WebsiteBriefOutput


class UserOutput(serializers.ModelSerializer):
    website = WebsiteBriefOutput(allow_null=True)

    class Meta:
        model = User
        fields = (
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "role",
            "website",
            "is_active",
            "date_joined",
        )
        read_only_fields = fields


class LoginInput(serializers.Serializer):
    username = serializers.CharField(help_text="Username or email address.", max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)


class LoginOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = UserOutput()


class TokenPairOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField(
        help_text="A new refresh token; the one sent is now blacklisted."
    )


class LogoutInput(serializers.Serializer):
    refresh = serializers.CharField()


class UserFilterInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
