from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings

from accounts.models import User
from accounts.token_revocation import access_token_revoked_key, token_matches_user
from accounts.token_user_read import token_user_read
from core.cache_batch import cache_read_and_count
from core.db_routing import read_your_writes_key, replicas_configured, routing_recent_write_seen
from core.throttling import request_counted_store, request_counter_for


def _token_user_id(token):
    user_id = token.get(api_settings.USER_ID_CLAIM)
    if user_id is None:
        raise InvalidToken(_("Token contained no recognizable user identification"))
    return user_id


def _user_check(user: User | None) -> User:
    if user is None:
        raise AuthenticationFailed(_("User not found"), code="user_not_found")
    if not user.is_active:
        raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
    if user.website_id is not None and not user.website.is_active:
        raise AuthenticationFailed(_("Website is inactive"), code="website_inactive")
    return user


def token_user_get(token) -> User:
    """Return the active user a validated token names; anything else is a 401.

    Refused: no user id, a deleted or inactive user, a user of a deactivated website, and a
    token issued before the user's password changed. Access tokens (every request) and refresh
    tokens (`auth/refresh/`) follow this one rule.
    """
    user = _user_check(token_user_read(_token_user_id(token)))
    if not token_matches_user(token, user):
        raise InvalidToken(_("Token has been revoked"))
    return user


class ActiveWebsiteJWTAuthentication(JWTAuthentication):
    """JWT bearer authentication that refuses revoked tokens and users of deactivated websites.

    The token's revocation mark, with replicas whether the user wrote a moment ago
    (`core.db_routing`), and, when the view throttles per user, this request's count
    (`core.throttling`) are one cache round trip. The user itself is read from the database on
    every request, on purpose: a deactivation by any path, a bulk update or SQL included, must
    refuse the very next request, which no cached copy of the user could promise.
    """

    def authenticate(self, request):
        header = self.get_header(request)
        if header is None:
            return None
        raw_token = self.get_raw_token(header)
        if raw_token is None:
            return None
        token = self.get_validated_token(raw_token)
        self._revocation_and_count_check(token, request=request)
        return token_user_get(token), token

    def _revocation_and_count_check(self, token, *, request) -> None:
        revoked_key = access_token_revoked_key(str(token.get(api_settings.JTI_CLAIM)))
        view = (getattr(request, "parser_context", None) or {}).get("view")
        user_id = _token_user_id(token)
        counter = request_counter_for(view=view, user_id=user_id)
        keys = [revoked_key]
        # With replicas, whether this user wrote a moment ago (their reads stay on the primary).
        wrote_key = read_your_writes_key(user_id) if replicas_configured() else None
        if wrote_key is not None:
            keys.append(wrote_key)
        values, counted = cache_read_and_count(
            keys,
            counter=counter.key if counter else None,
            window_seconds=counter.window_seconds if counter else 60,
        )
        if values.get(revoked_key):
            raise InvalidToken(_("Token has been revoked"))
        if wrote_key is not None:
            routing_recent_write_seen(bool(values.get(wrote_key)))
        if counter is not None and counted is not None:
            request_counted_store(request, key=counter.key, counted=counted)

    def get_user(self, validated_token):
        # simplejwt's other entry point (no request): the same rule, without the count.
        if cache.get(access_token_revoked_key(str(validated_token.get(api_settings.JTI_CLAIM)))):
            raise InvalidToken(_("Token has been revoked"))
        return token_user_get(validated_token)


class ActiveWebsiteJWTScheme(SimpleJWTScheme):
    """Document `ActiveWebsiteJWTAuthentication` as the JWT bearer scheme ("Authorize" in Swagger)."""

    target_class = ActiveWebsiteJWTAuthentication
