"""Production: DEBUG is always off, HTTPS-only cookies and HSTS, static files through whitenoise.

Start-up fails without a strong `SECRET_KEY` (and `JWT_SIGNING_KEY`, when set): a missing, short,
low-entropy key, or one published in this repository (`core/signing_keys.py`), would let anyone
forge tokens.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE, SIMPLE_JWT, env
from core.signing_keys import GENERATE_HINT, signing_key_problem


def _signing_key(name: str, key: str) -> str:
    problem = signing_key_problem(key)
    if problem:
        raise ImproperlyConfigured(f"{name} {problem}. Production refuses it: {GENERATE_HINT}.")
    return key


DEBUG = False
SECRET_KEY = _signing_key("SECRET_KEY", env.str("SECRET_KEY"))
SIMPLE_JWT = {
    **SIMPLE_JWT,
    "SIGNING_KEY": _signing_key("JWT_SIGNING_KEY", env.str("JWT_SIGNING_KEY"))
    if env.str("JWT_SIGNING_KEY", default="")
    else SECRET_KEY,
}
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# A webhook receiver on a private, loopback or link-local address would let an admin make this
# server call into its own network (server-side request forgery): never in production.
WEBHOOK_ALLOW_PRIVATE_TARGETS = False

# TLS ends at the proxy in front of gunicorn; it tells us the original scheme in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Whitenoise's hashed, compressed files; before `collectstatic` has run, the pages that need
# them (Swagger UI, ReDoc, the admin) answer 503 with the command to run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.staticfiles.ManifestStaticFilesStorage"},
}
MIDDLEWARE = [*MIDDLEWARE, "core.staticfiles.StaticFilesNotCollectedMiddleware"]

# The smoke test logs in only with credentials given in the environment (or on its command
# line), never with the demo superadmin's published password.
SMOKE_USERNAME = env.str("SMOKE_USERNAME", default="")
SMOKE_PASSWORD = env.str("SMOKE_PASSWORD", default="")
