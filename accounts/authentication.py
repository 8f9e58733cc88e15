from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings

from accounts.models import User
from accounts.token_revocation import access_token_is_revoked, token_matches_user


def token_user_get(token) -> User:
    """Return the active user a validated token names; anything else is a 401.

    Refused: no user id, a deleted or inactive user, a user of a deactivated website, and a
    token issued before the user's password changed. Access tokens (every request) and refresh
    tokens (`auth/refresh/`) follow this one rule.
    """
    user_id = token.get(api_settings.USER_ID_CLAIM)
    if user_id is None:
        raise InvalidToken(_("Token contained no recognizable user identification"))
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
    if not token_matches_user(token, user):
        raise InvalidToken(_("Token has been revoked"))
    return user


class ActiveWebsiteJWTAuthentication(JWTAuthentication):
    """JWT bearer authentication that refuses revoked tokens and users of deactivated websites."""

    def get_user(self, validated_token):
        if access_token_is_revoked(validated_token):
            raise InvalidToken(_("Token has been revoked"))
        return token_user_get(validated_token)


class ActiveWebsiteJWTScheme(SimpleJWTScheme):
    """Document `ActiveWebsiteJWTAuthentication` as the JWT bearer scheme ("Authorize" in Swagger)."""

    target_class = ActiveWebsiteJWTAuthentication
