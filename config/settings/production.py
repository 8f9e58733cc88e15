"""Production: DEBUG is always off, HTTPS-only cookies and HSTS, static files through whitenoise."""

from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

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
