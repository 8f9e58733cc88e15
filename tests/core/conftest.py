import io
import json
import logging

import pytest
from django.conf import settings
from django.utils.module_loading import import_string


def _console_handler() -> logging.Handler:
    return next(h for h in logging.getLogger().handlers if h.name == "console")


def _configured_formatter(name: str) -> logging.Formatter:
    """Build formatter `name` of `settings.LOGGING` the way `logging.config` does."""
    spec = dict(settings.LOGGING["formatters"][name])
    factory = import_string(spec.pop("()")) if "()" in spec else logging.Formatter
    return factory(spec.pop("format"), **spec)


class LogCapture:
    """What the configured console handler wrote, in its configured format."""

    def __init__(self, stream: io.StringIO, formatter: str):
        self._stream = stream
        self.formatter = formatter

    @property
    def text(self) -> str:
        return self._stream.getvalue()

    def records(self) -> list[dict]:
        """Return the JSON log lines as dicts (LOG_FORMAT=json)."""
        return [json.loads(line) for line in self.text.splitlines() if line.startswith("{")]


@pytest.fixture(params=["text", "json"])
def console_log(request):
    """Capture the project's console log handler, in the text and in the JSON lines format."""
    handler = _console_handler()
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    previous_formatter = handler.formatter
    handler.setFormatter(_configured_formatter(request.param))
    try:
        yield LogCapture(stream, request.param)
    finally:
        handler.setFormatter(previous_formatter)
        handler.setStream(previous_stream)
