"""Production mode: `check --deploy` is clean, DEBUG stays off, whitenoise serves static files."""

import json
import secrets

import pytest

from tests.core.subprocesses import explain, manage, project_env, python

pytestmark = pytest.mark.slow

# Generated per run: production refuses every key written in the repository.
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "api.example.com,localhost",
}


def test_check_deploy_reports_nothing_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=project_env(**PRODUCTION))
    assert result.returncode == 0, explain(result)
    assert "no issues" in result.stdout


def test_debug_cannot_be_turned_on_in_production():
    env = project_env(**PRODUCTION, DEBUG="true")
    result = python(
        "import json\n"
        "from django.conf import settings\n"
        "print(json.dumps({'debug': settings.DEBUG, 'hsts': settings.SECURE_HSTS_SECONDS,\n"
        "    'ssl_redirect': settings.SECURE_SSL_REDIRECT,\n"
        "    'proxy_header': list(settings.SECURE_PROXY_SSL_HEADER),\n"
        "    'secure_cookies': [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE]}))\n",
        env=env,
    )
    assert result.returncode == 0, explain(result)
    config = json.loads(result.stdout.strip().splitlines()[-1])
    assert config == {
        "debug": False,
        "hsts": 31_536_000,
        "ssl_redirect": True,
        "proxy_header": ["HTTP_X_FORWARDED_PROTO", "https"],
        "secure_cookies": [True, True],
    }


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_key_or_hosts(missing):
    env = project_env(**PRODUCTION)
    del env[missing]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_plain_http_is_redirected_to_https_except_health_checks():
    result = python(
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='api.example.com')\n"
        "api = client.get('/api/v1/auth/me/')\n"
        "assert api.status_code == 301, api.status_code\n"
        "assert api['Location'] == 'https://api.example.com/api/v1/auth/me/', api['Location']\n"
        "assert client.get('/health/live/').status_code == 200\n"
        "behind_proxy = client.get('/api/v1/auth/me/', HTTP_X_FORWARDED_PROTO='https')\n"
        "assert behind_proxy.status_code == 401, behind_proxy.status_code\n"
        "assert 'max-age=31536000' in behind_proxy['Strict-Transport-Security']\n"
        "print('redirects ok')\n",
        env=project_env(**PRODUCTION),
    )
    assert result.returncode == 0, explain(result)


def test_collectstatic_then_whitenoise_serves_the_docs_and_admin_assets(tmp_path):
    env = project_env(**PRODUCTION, STATIC_ROOT=str(tmp_path / "static"))
    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, explain(collected)
    assert (tmp_path / "static" / "staticfiles.json").exists()

    served = python(
        "import re\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='api.example.com', HTTP_X_FORWARDED_PROTO='https')\n"
        "urls = []\n"
        "for page in ('/api/v1/docs/swagger/', '/api/v1/docs/redoc/', '/admin/login/'):\n"
        "    response = client.get(page)\n"
        "    assert response.status_code == 200, (page, response.status_code)\n"
        '    urls += re.findall(r\'(?:src|href)="(/static/[^"]+)"\', response.content.decode())\n'
        "assert any('swagger-ui-bundle.' in url for url in urls), urls\n"
        "assert any('redoc.standalone.' in url for url in urls), urls\n"
        "for url in urls:\n"
        "    asset = client.get(url)\n"
        "    assert asset.status_code == 200, (url, asset.status_code)\n"
        "    assert 'immutable' in asset['Cache-Control'], url\n"
        "print(len(urls), 'assets served')\n",
        env=env,
    )
    assert served.returncode == 0, explain(served)
    assert "assets served" in served.stdout


def test_before_collectstatic_the_pages_say_which_command_to_run_and_the_api_serves(tmp_path):
    env = project_env(**PRODUCTION, STATIC_ROOT=str(tmp_path / "static"))
    served = python(
        "import json\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='api.example.com', HTTP_X_FORWARDED_PROTO='https')\n"
        "for page in ('/api/v1/docs/swagger/', '/api/v1/docs/redoc/', '/admin/login/'):\n"
        "    response = client.get(page)\n"
        "    print(page, response.status_code, json.dumps(response.json()))\n"
        "print('api', client.get('/api/v1/auth/me/').status_code)\n",
        env=env,
    )
    assert served.returncode == 0, explain(served)
    lines = served.stdout.strip().splitlines()[-4:]
    for line in lines[:3]:
        _page, status, body = line.split(" ", 2)
        assert status == "503", line
        error = json.loads(body)
        assert error["code"] == "static_files_not_collected"
        assert "run `python manage.py collectstatic --noinput`" in error["detail"]
    assert lines[3] == "api 401"


def test_before_collectstatic_preflight_fails_with_the_command_to_run(tmp_path):
    env = project_env(
        **PRODUCTION, STATIC_ROOT=str(tmp_path / "static"), DATABASE_URL="sqlite:///:memory:"
    )
    result = manage("preflight", "--section", "api", env=env)
    assert result.returncode == 1, explain(result)
    assert (
        f"✗ static files collected (Swagger UI, ReDoc, admin): {tmp_path / 'static'}/"
        "staticfiles.json is missing: run `python manage.py collectstatic --noinput`"
    ) in result.stdout
    assert "✗ Swagger UI answers (/api/v1/docs/swagger/): status 503: " in result.stdout

    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, explain(collected)
    result = manage("preflight", "--section", "api", env=env)
    assert result.returncode == 0, explain(result)
    assert "✓ static files collected (Swagger UI, ReDoc, admin): " in result.stdout
    assert "✓ Django admin answers (/admin/login/): 200" in result.stdout


def test_the_smoke_test_has_no_default_login_in_production():
    result = python(
        "from django.conf import settings\n"
        "print(repr((settings.SMOKE_USERNAME, settings.SMOKE_PASSWORD)))\n",
        env=project_env(**PRODUCTION),
    )
    assert result.returncode == 0, explain(result)
    assert result.stdout.strip().splitlines()[-1] == "('', '')"
    configured = python(
        "from django.conf import settings\nprint(settings.SMOKE_USERNAME)\n",
        env=project_env(**PRODUCTION, SMOKE_USERNAME="ops-admin"),
    )
    assert configured.stdout.strip().splitlines()[-1] == "ops-admin"
