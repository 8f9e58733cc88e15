"""The authenticated user, kept in the cache between requests: no database query per request.

Each request with an access token needs its user (and the user's website) to check it is still
active. The cache keeps, per user, the user's and the website's column values and the user's
current `auth_hash`, never the password hash: a copy of the cache alone holds no credential.
The user is rebuilt with the password as a deferred field, so code that reads it loads it from
the database, and a `save()` without `update_fields` writes only the columns it holds.

It is forgotten when the user is saved or deleted (a deactivation, a role or password change)
and, for every user, when any website is saved or deleted (a deactivated website), through the
receivers in `accounts.receivers`. A change that bypasses signals (a queryset `update()`, raw
SQL) is seen after `AUTH_USER_CACHE_SECONDS` at the latest.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS

from accounts.models import User
from accounts.token_revocation import user_auth_hash
from websites.models import Website

GENERATION_KEY = "auth:user:generation"

_USER_FIELDS = tuple(
    field.attname for field in User._meta.concrete_fields if field.attname != "password"
)
_WEBSITE_FIELDS = tuple(field.attname for field in Website._meta.concrete_fields)


def user_cache_key(user_id) -> str:
    return f"auth:user:{user_id}"


def user_snapshot(user: User, *, generation) -> tuple:
    """What the cache keeps of a user read with its website (`select_related("website")`)."""
    website = user.website if user.website_id is not None else None
    return (
        generation,
        user_auth_hash(user),
        tuple(getattr(user, name) for name in _USER_FIELDS),
        tuple(getattr(website, name) for name in _WEBSITE_FIELDS) if website else None,
    )


def user_from_snapshot(snapshot, *, generation) -> tuple[User, str] | None:
    """The user (with its website) and its `auth_hash`, or None when the snapshot is stale."""
    try:
        stored_generation, auth_hash, user_values, website_values = snapshot
    except (TypeError, ValueError):
        return None
    if stored_generation != generation:
        return None
    user = User.from_db(DEFAULT_DB_ALIAS, _USER_FIELDS, user_values)
    if website_values is not None:
        website = Website.from_db(DEFAULT_DB_ALIAS, _WEBSITE_FIELDS, website_values)
        User.website.field.set_cached_value(user, website)
    return user, auth_hash


def user_cache_store(user: User, *, generation) -> None:
    cache.set(
        user_cache_key(user.pk),
        user_snapshot(user, generation=generation),
        timeout=settings.AUTH_USER_CACHE_SECONDS,
    )


def user_cache_forget(user_id) -> None:
    cache.delete(user_cache_key(user_id))


def user_cache_forget_all() -> None:
    """Retire every cached user at once (a website changed): a new generation."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
