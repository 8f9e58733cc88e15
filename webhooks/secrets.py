"""Endpoint signing secrets: made here, shown once, stored encrypted.

A secret is `whsec_` and 32 random bytes (base64url). It is stored encrypted with Fernet under
`WEBHOOK_SECRETS_KEYS` (the first key encrypts, every key decrypts, so keys can be rotated);
without that setting the key is derived from `SECRET_KEY`. Either way a database dump alone
does not reveal a secret.
"""

import base64
import hashlib
import secrets as random_secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "whsec_"


def _fernet_key_from_secret_key(secret_key: str) -> bytes:
    digest = hashlib.sha256(b"webhook-secrets:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _cipher() -> MultiFernet:
    keys = [key for key in settings.WEBHOOK_SECRETS_KEYS if key]
    try:
        fernets = [Fernet(key) for key in keys]
    except ValueError as error:
        raise ImproperlyConfigured(
            "WEBHOOK_SECRETS_KEYS holds a key that is not a Fernet key (32 url-safe base64 bytes)."
        ) from error
    if not fernets:
        fernets = [Fernet(_fernet_key_from_secret_key(settings.SECRET_KEY))]
    return MultiFernet(fernets)


def secret_new() -> str:
    return PREFIX + random_secrets.token_urlsafe(32)


def secret_encrypt(secret: str) -> str:
    return _cipher().encrypt(secret.encode()).decode()


def secret_decrypt(stored: str) -> str:
    try:
        return _cipher().decrypt(stored.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A webhook secret cannot be decrypted: WEBHOOK_SECRETS_KEYS no longer holds the key "
            "it was encrypted with (or SECRET_KEY changed while that setting was unset)."
        ) from error
