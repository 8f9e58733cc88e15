"""Logging: console plus a size-rotated file, JSON lines with LOG_FORMAT=json, no secrets."""

import json

import pytest

from tests.core.subprocesses import explain, project_env, python

pytestmark = pytest.mark.slow

SCRIPT = """
import logging
from logging.handlers import RotatingFileHandler
from django.test import RequestFactory

file_handler = next(h for h in logging.getLogger().handlers if h.name == 'file')
assert isinstance(file_handler, RotatingFileHandler)
request = RequestFactory().post(
    '/api/v1/orders/', {'password': 'hunter2-secret'}, content_type='application/json',
    HTTP_AUTHORIZATION='Bearer eyJhbGciOiJIUzI1NiJ9.secret-token',
)
logging.getLogger('django.request').error(
    'Internal Server Error: %s', request.path, extra={'status_code': 500, 'request': request}
)
for n in range(200):
    logging.getLogger('core.test').info('filler line %s %s', n, 'x' * 40)
print('logged')
"""


def test_json_lines_go_to_a_size_rotated_file_without_secrets(tmp_path):
    log_file = tmp_path / "logs" / "app.log"
    env = project_env(
        LOG_FORMAT="json",
        LOG_FILE=str(log_file),
        LOG_FILE_MAX_BYTES="4000",
        LOG_FILE_BACKUP_COUNT="2",
    )
    result = python(SCRIPT, env=env)
    assert result.returncode == 0, explain(result)

    files = sorted(p.name for p in log_file.parent.iterdir())
    assert files == ["app.log", "app.log.1", "app.log.2"]
    assert all(p.stat().st_size <= 4000 for p in log_file.parent.iterdir())
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert {"asctime", "levelname", "name", "message", "request_path", "user_id"} <= set(lines[-1])

    # The console gets the same JSON lines; the request error names the path, no secrets.
    console = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    error = next(record for record in console if record["levelname"] == "ERROR")
    assert error["request_path"] == "/api/v1/orders/"
    assert error["user_id"] == "-"
    everything = result.stderr + "".join(p.read_text() for p in log_file.parent.iterdir())
    assert "secret-token" not in everything
    assert "hunter2-secret" not in everything
    assert "Bearer" not in everything


def test_text_format_names_path_and_user_on_every_line(tmp_path):
    result = python(
        "import logging\nlogging.getLogger('core.test').warning('plain line')\n",
        env=project_env(LOG_FILE=str(tmp_path / "app.log")),
    )
    assert result.returncode == 0, explain(result)
    line = (tmp_path / "app.log").read_text().strip().splitlines()[-1]
    assert line.endswith("WARNING core.test [path=- user=-] plain line")
    assert "plain line" in result.stderr
