"""The admin tip endpoints on the embedded default (SQLite), with the demo data `make run` seeds."""

import pytest

from tests.core.subprocesses import explain, manage, project_env, python

pytestmark = pytest.mark.slow

SESSION = """
import json
from django.test import Client, override_settings

BASE = "/api/v1/admin-management/tips/"
REQUESTS = [
    ("dashboard/", {}),
    ("dashboard/", {"days": 7}),
    ("list_tips/", {"limit": 1000}),
    ("list_tips/", {"payment_status": "completed", "date_from": "2000-01-15"}),
    ("list_tips/", {"tip_type": "order", "date_to": "2999-02-10", "limit": 5}),
    ("analytics/", {}),
    ("analytics/", {"days": 365}),
    ("earnings/", {}),
    ("earnings/", {"date_from": "2000-01-15", "date_to": "2999-03-03"}),
]
client = Client()
for username in ("admin_alpha", "superadmin"):
    login = client.post("/api/v1/auth/login/", {"username": username, "password": "demo-pass-123"},
                        content_type="application/json")
    assert login.status_code == 200, login.content
    auth = {"HTTP_AUTHORIZATION": "Bearer " + login.json()["access"]}
    for path, params in REQUESTS:
        rollups = client.get(BASE + path, params, **auth)
        assert rollups.status_code == 200, (path, rollups.content)
        with override_settings(TIP_REPORTS_SOURCE="tips", TIP_REPORTS_CACHE_SECONDS=0):
            rows = client.get(BASE + path, params, **auth)
        assert rollups.json() == rows.json(), (username, path, params)
    dashboard = client.get(BASE + "dashboard/", **auth).json()
    assert dashboard["summary"]["total_tips"] > 0, dashboard
    export = client.get(BASE + "export/", **auth)
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == dashboard["summary"]["total_tips"] + 1
    bad = client.get(BASE + "list_tips/", {"days": "x", "limit": "y"}, **auth)
    assert bad.status_code == 400 and "limit" in bad.json()["errors"], bad.content
print("tips ok")
"""


def test_the_endpoints_answer_on_sqlite_with_the_same_numbers_as_the_tip_rows(tmp_path):
    env = project_env(DATABASE_URL=f"sqlite:///{tmp_path / 'embedded.sqlite3'}")
    for command in (("migrate", "--noinput"), ("seed_demo",)):
        result = manage(*command, env=env)
        assert result.returncode == 0, explain(result)
    session = python(SESSION, env=env)
    assert session.returncode == 0, explain(session)
    assert "tips ok" in session.stdout
