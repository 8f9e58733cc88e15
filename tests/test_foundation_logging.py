"""Logging: the console, JSON lines with LOG_FORMAT=json, a file many processes share, no secrets."""

import json
import secrets
import subprocess
import sys
import time

import pytest

from tests.core.subprocesses import REPO, explain, project_env, python

pytestmark = pytest.mark.slow

SCRIPT = """
import logging
from logging.handlers import WatchedFileHandler
from django.test import RequestFactory

file_handler = next(h for h in logging.getLogger().handlers if h.name == 'file')
assert isinstance(file_handler, WatchedFileHandler), type(file_handler)
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

# One of several processes appending to one file: half its lines, then (once the file has been
# moved away, as logrotate does) the other half.
WRITER = """
import logging, pathlib, sys, time
import django
django.setup()
name, marker = sys.argv[1], pathlib.Path(sys.argv[2])
log = logging.getLogger('core.test')
for n in range(100):
    log.info('%s before %s', name, n)
while not marker.exists():
    time.sleep(0.05)
for n in range(100):
    log.info('%s after %s', name, n)
"""


def test_json_lines_go_to_the_file_and_the_console_without_secrets(tmp_path):
    log_file = tmp_path / "logs" / "app.log"
    env = project_env(LOG_FORMAT="json", LOG_FILE=str(log_file))
    result = python(SCRIPT, env=env)
    assert result.returncode == 0, explain(result)

    assert sorted(p.name for p in log_file.parent.iterdir()) == ["app.log"]
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert len(lines) == 201
    assert {"asctime", "levelname", "name", "message", "request_path", "user_id"} <= set(lines[-1])

    # The console gets the same JSON lines; the request error names the path, no secrets.
    console = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    error = next(record for record in console if record["levelname"] == "ERROR")
    assert error["request_path"] == "/api/v1/orders/"
    assert error["user_id"] == "-"
    everything = result.stderr + log_file.read_text()
    assert "secret-token" not in everything
    assert "hunter2-secret" not in everything
    assert "Bearer" not in everything


def test_processes_sharing_a_log_file_follow_it_when_logrotate_moves_it(tmp_path):
    log_file, marker = tmp_path / "app.log", tmp_path / "rotated"
    env = project_env(LOG_FORMAT="json", LOG_FILE=str(log_file))
    writers = [
        subprocess.Popen(  # noqa: S603 - a fixed argument list
            [sys.executable, "-c", WRITER, f"worker{n}", str(marker)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(3)
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log_file.exists() and len(log_file.read_text().splitlines()) >= 300:
                break
            time.sleep(0.1)
        log_file.rename(tmp_path / "app.log.1")  # what logrotate does
        marker.touch()
        assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0]
    finally:
        for writer in writers:
            writer.kill()

    def messages(path):
        return [json.loads(line)["message"] for line in path.read_text().splitlines()]

    # Every line exactly once, none torn; after the move each process wrote to the new file.
    before, after = messages(tmp_path / "app.log.1"), messages(log_file)
    assert sorted(before) == sorted(f"worker{w} before {n}" for w in range(3) for n in range(100))
    assert sorted(after) == sorted(f"worker{w} after {n}" for w in range(3) for n in range(100))


@pytest.mark.parametrize(("named", "handlers"), [(False, ["console"]), (True, ["console", "file"])])
def test_in_production_logs_go_to_the_console_unless_a_file_is_named(tmp_path, named, handlers):
    env = project_env(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="api.example.com",
    )
    del env["LOG_FILE"]
    if named:
        env["LOG_FILE"] = str(tmp_path / "app.log")
    result = python(
        "import logging\n"
        "print(sorted(h.name for h in logging.getLogger().handlers),\n"
        "      [type(h).__name__ for h in logging.getLogger().handlers if h.name == 'file'])\n",
        env=env,
    )
    assert result.returncode == 0, explain(result)
    expected_types = ["WatchedFileHandler"] if named else []
    assert result.stdout.strip().splitlines()[-1] == f"{handlers} {expected_types}"


def test_text_format_names_path_and_user_on_every_line(tmp_path):
    result = python(
        "import logging\nlogging.getLogger('core.test').warning('plain line')\n",
        env=project_env(LOG_FILE=str(tmp_path / "app.log")),
    )
    assert result.returncode == 0, explain(result)
    line = (tmp_path / "app.log").read_text().strip().splitlines()[-1]
    assert line.endswith("WARNING core.test [path=- user=- request=-] plain line")
    assert "plain line" in result.stderr
