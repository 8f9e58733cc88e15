"""The load test's anchor endpoint: served only when asked for, never in production."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import config.urls
from perf.loadtest import _wrk_ms
from perf.report import endpoint_lines
from tests.accounts.factories import ClientFactory
from tests.core.subprocesses import manage, project_env

ANCHOR = "/api/v1/perf/anchor/"


@pytest.fixture
def anchor_urls():
    with override_settings(PERF_ANCHOR=True):
        clear_url_caches()
        importlib.reload(config.urls)
        yield
    clear_url_caches()
    importlib.reload(config.urls)


@pytest.mark.django_db
def test_without_the_setting_there_is_no_anchor(api_client_for):
    assert api_client_for(ClientFactory()).get(ANCHOR).status_code == 404


@pytest.mark.django_db
def test_the_anchor_answers_an_authenticated_caller_only(anchor_urls, api_client_for, client):
    user = ClientFactory()
    response = api_client_for(user).get(ANCHOR)
    assert response.status_code == 200
    assert response.json() == {"user": user.pk, "cached": None}
    assert client.get(ANCHOR).status_code == 401


@pytest.mark.slow
def test_production_never_serves_the_anchor(tmp_path):
    env = project_env(DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}", PERF_ANCHOR="true")
    code = "from django.conf import settings; print('ANCHOR', settings.PERF_ANCHOR)"
    development = manage("shell", "-c", code, env=env)
    assert "ANCHOR True" in development.stdout, development.stderr
    production = manage("shell", "-c", code, env={**env, "DJANGO_ENV": "production"})
    assert "ANCHOR True" not in production.stdout


def test_wrk_latencies_are_read_in_milliseconds():
    output = "  Latency Distribution\n     50%  812.00us\n     99%    1.20s\n"
    assert _wrk_ms(output, "50") == pytest.approx(0.812)
    assert _wrk_ms(output, "99") == pytest.approx(1200.0)


def test_each_endpoint_is_reported_as_a_share_of_the_anchor_against_its_target():
    rows = [
        {"name": "anchor", "kind": "anchor", "rps": 1000, "p50_ms": 1, "p99_ms": 2, "errors": 0},
        {
            "name": "dash",
            "kind": "cached report",
            "rps": 750,
            "p50_ms": 1,
            "p99_ms": 2,
            "errors": 0,
        },
        {"name": "tips", "kind": "list", "rps": 400, "p50_ms": 1, "p99_ms": 2, "errors": 0},
    ]
    text = "\n".join(endpoint_lines(rows))
    assert "| anchor | 1000 | 100% |  |" in text
    assert "| dash | 750 | 75% | ≥ 70%: met |" in text
    assert "| tips | 400 | 40% | ≥ 50%: missed |" in text
