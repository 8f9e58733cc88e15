from rest_framework import serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenRefreshSerializer

from accounts.authentication import token_user_get
from accounts.models import Role, User
from core.serializers import ModelSerializer, WebsiteBriefOutput


class UserOutput(ModelSerializer):
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
            "erased_at",
        )
        read_only_fields = fields


class LoginInput(serializers.Serializer):
    username = serializers.CharField(help_text="Username or email address.", max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)


class LoginOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = UserOutput()


class RefreshInput(TokenRefreshSerializer):
    """simplejwt's refresh, with the access-token rule for its user (a deleted user is a 401)."""

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])
        token_user_get(refresh)
        try:
            return super().validate(attrs)
        except User.DoesNotExist:  # deleted in between
            raise AuthenticationFailed("User not found", code="user_not_found") from None


class TokenPairOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField(
        help_text="A new refresh token; the one sent is now blacklisted."
    )


class LogoutInput(serializers.Serializer):
    refresh = serializers.CharField()


class UserFilterInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
