from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings

from accounts.models import User


class ActiveWebsiteJWTAuthentication(JWTAuthentication):
    """JWT bearer authentication that also refuses users whose website is deactivated."""

    def get_user(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError:
            raise InvalidToken(_("Token contained no recognizable user identification")) from None
        user = (
            User.objects.select_related("website")
            .filter(**{api_settings.USER_ID_FIELD: user_id})
            .first()
        )
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if user.website_id is not None and not user.website.is_active:
            raise AuthenticationFailed(_("Website is inactive"), code="website_inactive")
        return user


class ActiveWebsiteJWTScheme(SimpleJWTScheme):
    """Document `ActiveWebsiteJWTAuthentication` as the JWT bearer scheme ("Authorize" in Swagger)."""

    target_class = ActiveWebsiteJWTAuthentication
