"""Login with failed-login delays, token issue and revocation, and user management writes."""

import time

from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db.models import Q
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.exceptions import InvalidCredentials
from accounts.login_delays import login_attempt_begin, login_attempt_succeeded, login_buckets
from accounts.models import User
from accounts.token_revocation import AUTH_HASH_CLAIM, access_token_revoked_key, user_auth_hash


def user_login(*, identifier: str, password: str, ip: str) -> User:
    """Authenticate by username or email, through the failed-login delays (`login_delays`).

    The password hasher runs whether or not the name matches an account, so the answer takes
    as long for an unknown name as for a wrong password.
    """
    user = (
        User.objects.select_related("website")
        .filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .first()
    )
    account, client = login_buckets(
        account_id=user.pk if user else None, identifier=identifier, ip=ip
    )
    attempt = login_attempt_begin(account=account, ip=client)
    if user is None:
        User().set_password(password)  # as long as checking a real password
        raise InvalidCredentials
    authenticated = authenticate(username=user.username, password=password)
    if authenticated is None or (authenticated.website_id and not authenticated.website.is_active):
        raise InvalidCredentials
    login_attempt_succeeded(attempt)
    return authenticated


def auth_tokens_issue(*, user: User) -> RefreshToken:
    """Issue a refresh token (its `.access_token` is the access token) and record the login.

    Both carry the user's `auth_hash`, so a later password change revokes them.
    """
    refresh = RefreshToken.for_user(user)
    refresh[AUTH_HASH_CLAIM] = user_auth_hash(user)
    update_last_login(None, user)
    return refresh


def access_token_revoke(*, token: Token) -> None:
    """Refuse this access token from now until it expires (logout)."""
    seconds_left = int(token["exp"]) - int(time.time())
    if seconds_left > 0:
        cache.set(access_token_revoked_key(str(token["jti"])), True, timeout=seconds_left)


def user_tokens_revoke(*, user: User) -> int:
    """Blacklist every refresh token issued to `user` so far (a password change or removal).

    Access tokens issued by the API stop working by themselves (their `auth_hash` no longer
    matches). Returns how many refresh tokens were blacklisted.
    """
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    created = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(created)
