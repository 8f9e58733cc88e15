"""Liveness and readiness, with every dependency up and with Redis or the database down."""

import json

import pytest
from django.conf import settings
from django.test import override_settings

from tests.accounts.factories import PASSWORD, AdminFactory, ClientFactory, SuperAdminFactory
from tests.core.subprocesses import explain, project_env, python

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = "redis://127.0.0.1:6390/0"


def _cache_at(location: str) -> dict:
    default = settings.CACHES["default"]
    return {"default": {**default, "LOCATION": location}}


def test_liveness_answers_ok_without_authentication(api_client):
    response = api_client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.fixture
def superadmin_client(api_client_for):
    return api_client_for(SuperAdminFactory())


def test_readiness_is_ok_when_database_cache_and_broker_answer(superadmin_client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=settings.REDIS_URL):
        response = superadmin_client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    components = body["components"]
    assert set(components) == {"database", "cache", "celery_broker", "webhooks_outbox"}
    assert components["database"]["status"] == "ok"
    assert components["database"]["vendor"] == "postgresql"
    assert components["cache"]["status"] == "ok"
    assert components["cache"]["backend"] == "CircuitBreakerRedisCache"
    assert components["celery_broker"]["status"] == "ok"
    assert components["celery_broker"]["mode"] == "broker"
    assert components["webhooks_outbox"]["status"] == "ok"
    assert components["webhooks_outbox"]["lag_seconds"] == 0


def test_readiness_reports_in_process_tasks_as_eager_not_ok(api_client, superadmin_client):
    response = api_client.get("/health/ready/")
    body = response.json()
    assert body["components"]["celery_broker"]["status"] == "eager (no broker)"
    # The embedded default (development, tests) needs no broker: the service is ready.
    assert (response.status_code, body["status"]) == (200, "ok")
    detailed = superadmin_client.get("/health/ready/").json()
    assert detailed["components"]["celery_broker"]["mode"] == "eager"


@override_settings(DJANGO_ENV="production")
def test_in_production_readiness_without_a_broker_is_degraded(api_client):
    response = api_client.get("/health/ready/")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["components"]["celery_broker"]["status"] == "eager (no broker)"
    assert body["components"]["database"]["status"] == "ok"


@override_settings(
    DJANGO_ENV="production", CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=settings.REDIS_URL
)
def test_in_production_readiness_with_a_broker_is_ok(api_client):
    assert api_client.get("/health/ready/").json()["status"] == "ok"


@override_settings(CACHES=_cache_at(CLOSED_PORT_REDIS))
def test_with_redis_down_readiness_is_degraded_but_still_200(api_client):
    response = api_client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["components"]["database"]["status"] == "ok"
    assert body["components"]["cache"]["status"] == "down"


@override_settings(
    CACHES=_cache_at(CLOSED_PORT_REDIS),
    CELERY_TASK_ALWAYS_EAGER=False,
    CELERY_BROKER_URL="redis://127.0.0.1:6391/0",
)
def test_anonymous_readiness_gives_each_components_status_and_nothing_else(api_client):
    body = api_client.get("/health/ready/").json()
    assert body == {
        "status": "degraded",
        "components": {
            "database": {"status": "ok"},
            "cache": {"status": "down"},
            "celery_broker": {"status": "down"},
            "webhooks_outbox": {"status": "ok"},
        },
    }


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:6391/0")
def test_website_admins_and_bad_tokens_get_the_anonymous_answer(api_client, api_client_for):
    admin_body = api_client_for(AdminFactory()).get("/health/ready/").json()
    assert admin_body["components"]["celery_broker"] == {"status": "down"}
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = api_client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json()["components"]["celery_broker"] == {"status": "down"}


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:6391/0")
def test_superadmins_see_why_a_component_is_down(superadmin_client):
    broker = superadmin_client.get("/health/ready/").json()["components"]["celery_broker"]
    assert broker["status"] == "down"
    assert "6391" in broker["error"] or "refused" in broker["error"].lower()
    assert "ms" in broker


@override_settings(CACHES=_cache_at(CLOSED_PORT_REDIS))
def test_with_redis_down_the_api_keeps_serving(api_client):
    user = ClientFactory()
    login = api_client.post(
        "/api/v1/auth/login/", {"username": user.username, "password": PASSWORD}
    )
    assert login.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")
    me = api_client.get("/api/v1/auth/me/")
    assert me.status_code == 200
    assert me.json()["id"] == user.pk
    assert api_client.get("/api/v1/orders/").status_code == 200


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:6391/0")
def test_with_the_broker_down_readiness_is_degraded(api_client):
    response = api_client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["components"]["celery_broker"]["status"] == "down"


@pytest.mark.slow
def test_with_the_database_down_readiness_is_503():
    env = project_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:6392/writing_system", DB_CONNECT_TIMEOUT="1"
    )
    result = python(
        "import json\n"
        "from django.test import Client\n"
        "from rest_framework_simplejwt.tokens import AccessToken\n"
        "token = AccessToken()\n"
        "token['user_id'] = 1\n"
        "# A probe that sends a token must still get the readiness answer, not a 500.\n"
        "response = Client().get('/health/ready/', HTTP_AUTHORIZATION=f'Bearer {token}')\n"
        "print(response.status_code)\n"
        "print(json.dumps(response.json()))\n",
        env=env,
    )
    assert result.returncode == 0, explain(result)
    status_line, body_line = result.stdout.strip().splitlines()[-2:]
    assert status_line == "503"
    body = json.loads(body_line)
    assert body["status"] == "down"
    assert body["components"]["database"]["status"] == "down"
    assert body["components"]["cache"]["status"] == "ok"
