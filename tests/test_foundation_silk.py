"""django-silk is mounted at /silk/ only with SILK_ENABLED, and only for superadmins."""

import pytest

from tests.core.subprocesses import explain, manage, project_env, python

pytestmark = pytest.mark.slow


def test_without_silk_enabled_there_is_no_silk_page():
    result = python(
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "assert 'silk' not in settings.INSTALLED_APPS\n"
        "response = Client().get('/silk/')\n"
        "assert response.status_code == 404, response.status_code\n"
        "print('no silk')\n",
        env=project_env(),
    )
    assert result.returncode == 0, explain(result)
    assert "no silk" in result.stdout


def test_with_silk_enabled_only_superadmins_see_it_and_credentials_are_not_recorded(tmp_path):
    env = project_env(SILK_ENABLED="true", DATABASE_URL=f"sqlite:///{tmp_path / 'silk.sqlite3'}")
    migrate = manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, explain(migrate)

    result = python(
        "from django.test import Client\n"
        "from silk.models import Request\n"
        "from accounts.models import Role, User\n"
        "from websites.models import Website\n"
        "site = Website.objects.create(name='S', domain='s.example.com', slug='s')\n"
        "superadmin = User.objects.create_superuser('root', 'root@example.com', 'pw-123456789')\n"
        "admin = User.objects.create_user('admin', 'admin@example.com', 'pw-123456789',\n"
        "    role=Role.ADMIN, website=site, is_staff=True)\n"
        "assert not admin.is_staff\n"
        "legacy = User.objects.create_user('legacy', 'legacy@example.com', 'pw-123456789',\n"
        "    role=Role.ADMIN, website=site)\n"
        "User.objects.filter(pk=legacy.pk).update(is_staff=True)  # flagged before the rule\n"
        "legacy.refresh_from_db()\n"
        "writer = User.objects.create_user('writer', 'writer@example.com', 'pw-123456789',\n"
        "    role=Role.WRITER, website=site)\n"
        "anonymous = Client().get('/silk/')\n"
        "assert anonymous.status_code == 302, anonymous.status_code\n"
        "assert anonymous['Location'].startswith('/admin/login/'), anonymous['Location']\n"
        "client = Client()\n"
        "for user in (writer, admin, legacy):\n"
        "    client.force_login(user)\n"
        "    assert client.get('/silk/').status_code == 403, user.username\n"
        "client.force_login(superadmin)\n"
        "assert client.get('/silk/').status_code == 200\n"
        "api = Client()\n"
        "login = api.post('/api/v1/auth/login/', {'username': 'writer', 'password': 'pw-123456789'},\n"
        "    content_type='application/json')\n"
        "assert login.status_code == 200, login.content\n"
        "token = login.json()['access']\n"
        "assert api.get('/api/v1/auth/me/', HTTP_AUTHORIZATION='Bearer ' + token).status_code == 200\n"
        "paths = set(Request.objects.values_list('path', flat=True))\n"
        "assert '/api/v1/auth/me/' in paths, paths\n"
        "assert '/api/v1/auth/login/' not in paths, paths\n"
        "for recorded in Request.objects.all():\n"
        "    assert token not in recorded.encoded_headers, recorded.path\n"
        "    assert 'pw-123456789' not in (recorded.raw_body or ''), recorded.path\n"
        "print('silk ok')\n",
        env=env,
    )
    assert result.returncode == 0, explain(result)
    assert "silk ok" in result.stdout
