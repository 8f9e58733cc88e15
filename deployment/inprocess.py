"""Call this project's endpoints in-process, the way a client behind the proxy would.

Requests carry a host from ALLOWED_HOSTS and arrive as HTTPS (the production settings redirect
plain HTTP), and a view's exception comes back as the 500 a client would see.
"""

import json
import time
from dataclasses import dataclass

from django.conf import settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken


def request_host() -> str:
    """Return a host name the settings accept."""
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            return "testserver"
        if host.startswith("."):
            return f"preflight{host}"
        if host:
            return host
    return "testserver"


@dataclass
class Answer:
    status: int
    elapsed_ms: float
    content_type: str
    body: object  # parsed JSON, or None

    @property
    def is_json(self) -> bool:
        return self.content_type.startswith("application/json") and self.body is not None


class Caller:
    """An API client authenticated as `user` (anonymous when None) with a real access token."""

    def __init__(self, user=None):
        self.user = user
        self.client = APIClient(raise_request_exception=False, HTTP_HOST=request_host())
        if user is not None:
            token = RefreshToken.for_user(user).access_token
            self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path: str, params: dict | None = None) -> Answer:
        started = time.perf_counter()
        response = self.client.get(path, params or {}, secure=True)
        elapsed_ms = (time.perf_counter() - started) * 1000
        content_type = response.get("Content-Type", "")
        body = None
        if content_type.startswith("application/json"):
            try:
                body = json.loads(response.content or b"null")
            except ValueError:
                body = None
        return Answer(response.status_code, elapsed_ms, content_type, body)
