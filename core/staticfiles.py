"""Static files in production: a page whose files `collectstatic` has not collected says so.

Production serves hashed file names from the manifest `collectstatic` writes. Before it has run
(or after new files arrived without it), Swagger UI, ReDoc and the Django admin cannot name
their scripts and styles: they answer 503 with the command to run instead of a bare 500, and the
JSON API, which needs no static files, keeps serving.
"""

import logging

from django.http import JsonResponse
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)

COLLECTSTATIC_COMMAND = "python manage.py collectstatic --noinput"
ERROR_CODE = "static_files_not_collected"


class StaticFilesNotCollected(ValueError):
    """A page needs a static file that is not in the `collectstatic` manifest.

    A ValueError, as Django's own error was: callers such as whitenoise catch that.
    """

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"Static files are not collected (no manifest entry for {name!r}): run "
            f"`{COLLECTSTATIC_COMMAND}`, then restart the service."
        )


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed, hashed files; a file missing from the manifest is named."""

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError as error:  # Django: "Missing staticfiles manifest entry for ..."
            raise StaticFilesNotCollected(name) from error


class StaticFilesNotCollectedMiddleware:
    """Answer a page that needs uncollected static files with 503 and the command to run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StaticFilesNotCollected):
            return None
        logger.error("%s", exception, extra={"request_path": request.path})
        return JsonResponse({"detail": str(exception), "code": ERROR_CODE}, status=503)
