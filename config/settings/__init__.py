"""Pick the settings module for `DJANGO_ENV` (development, production or test)."""

import environ

_ENVIRONMENT = environ.Env().str("DJANGO_ENV", default="development")

if _ENVIRONMENT == "production":
    from config.settings.production import *  # noqa: F403
elif _ENVIRONMENT == "test":
    from config.settings.test import *  # noqa: F403
else:
    from config.settings.base import *  # noqa: F403
