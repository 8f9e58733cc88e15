"""When a signed, unexpired token no longer counts: after a logout, or a password change.

Access tokens are checked by signature alone, so revoking one early needs state:

- a logout puts the access token's `jti` on a denylist in the cache, for as long as the token
  would have lived (while the cache is down, a logged-out access token works until it expires);
- tokens the API issues carry `auth_hash`, a keyed hash of the user's password hash (Django's
  session auth hash, which ends Django sessions the same way): when the password changes or is
  removed, every earlier token stops matching its user. Tokens without the claim (issued by
  other means) are checked by signature and blacklist only.
"""

from django.core.cache import cache
from rest_framework_simplejwt.settings import api_settings

AUTH_HASH_CLAIM = "auth_hash"


def access_token_revoked_key(jti: str) -> str:
    return f"jwt:revoked:{jti}"


def user_auth_hash(user) -> str:
    """Return the value of `auth_hash` for `user`'s current password."""
    return user.get_session_auth_hash()[:32]


def access_token_is_revoked(token) -> bool:
    """Whether this validated access token was revoked by a logout."""
    return bool(cache.get(access_token_revoked_key(str(token.get(api_settings.JTI_CLAIM)))))


def token_matches_user(token, user) -> bool:
    """Whether `token` was issued for `user`'s current password (True without the claim)."""
    claim = token.get(AUTH_HASH_CLAIM)
    return claim is None or claim == user_auth_hash(user)
