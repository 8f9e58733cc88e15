"""Login with failed-login delays, token issue and revocation, and user management writes."""

import hashlib
import hmac
import time

from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.exceptions import (
    InvalidCredentials,
    UserAlreadyErased,
    UserErasureBlocked,
    UserNotErasable,
)
from accounts.login_delays import login_attempt_begin, login_attempt_succeeded, login_buckets
from accounts.models import Role, User
from accounts.signals import user_erased, user_erasure_blockers
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


ERASED_DOMAIN = "erased.invalid"  # a reserved name: no mail is ever sent there


def user_pseudonym(user_id: int) -> str:
    """The stable name an erased person keeps: the same id always gives the same pseudonym."""
    digest = hmac.new(b"user-erasure", str(user_id).encode(), hashlib.sha256).hexdigest()
    return f"erased-{digest[:16]}"


@transaction.atomic
def user_erase(*, user: User) -> User:
    """Erase a client's or writer's personal data; every amount they touched stays.

    Refused (409, nothing changed) for other roles, for an account already erased, and while
    another app still needs the person (`user_erasure_blockers`: a pending payment, held points,
    a redemption in progress). Otherwise, in one transaction: the name, email and username become
    a pseudonym, the password becomes unusable, the account is deactivated, every refresh token
    is blacklisted (access tokens stop with the password's hash), and each app replaces the free
    text the person wrote (`user_erased`).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role not in (Role.CLIENT, Role.WRITER):
        raise UserNotErasable()
    if user.erased_at is not None:
        raise UserAlreadyErased()
    reasons = [
        reason
        for _, found in user_erasure_blockers.send(sender=User, user=user)
        for reason in (found or ())
    ]
    if reasons:
        raise UserErasureBlocked(reasons)
    pseudonym = user_pseudonym(user.pk)
    user.username = pseudonym
    user.email = f"{pseudonym}@{ERASED_DOMAIN}"
    user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.erased_at = timezone.now()
    user.save()
    user_tokens_revoke(user=user)
    user_erased.send(sender=User, user=user)
    return user
