"""OpenAPI schema, Swagger UI and ReDoc, served with their assets by the service itself."""

import re

import pytest
import yaml
from django.test import override_settings

from tests.core.subprocesses import explain, manage, project_env

pytestmark = pytest.mark.django_db

DOC_PAGES = ("/api/v1/docs/swagger/", "/api/v1/docs/redoc/")
_ASSET = re.compile(r"""(?:src|href)="([^"]+)\"""")


@pytest.mark.slow
def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    result = manage(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), env=project_env()
    )
    assert result.returncode == 0, explain(result)
    assert "Warning" not in result.stderr
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert all(path.startswith(("/api/v1/", "/health/")) for path in schema["paths"])


def test_the_schema_is_served_and_declares_the_jwt_bearer_scheme(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["jwtAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    me = schema["paths"]["/api/v1/auth/me/"]["get"]
    assert {"jwtAuth": []} in me["security"]
    login = schema["paths"]["/api/v1/auth/login/"]["post"]
    assert "security" not in login or login["security"] in ([], [{}])
    assert "website_id" in {
        p["name"] for p in schema["paths"]["/api/v1/orders/"]["get"]["parameters"]
    }


def _local_assets(html: str) -> list[str]:
    return [url for url in _ASSET.findall(html) if not url.startswith(("http:", "https:", "//"))]


@pytest.mark.parametrize("page", DOC_PAGES)
def test_doc_pages_load_nothing_from_the_internet(api_client, page):
    html = api_client.get(page).content.decode()
    assert not re.search(r"""(?:src|href)="(?:https?:)?//""", html)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
@pytest.mark.parametrize("page", DOC_PAGES)
def test_doc_pages_and_their_sidecar_assets_answer_200(api_client, page):
    response = api_client.get(page)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assets = _local_assets(html)
    assert any("drf_spectacular_sidecar" in url for url in assets), assets
    assert "/api/v1/schema/" in html
    for url in assets:
        asset = api_client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content), url


def test_swagger_ui_asks_for_the_bearer_token_it_can_authorize_with(api_client):
    html = api_client.get("/api/v1/docs/swagger/").content.decode()
    assert "persistAuthorization" in html


def test_the_api_docs_name_the_currency_of_every_amount(api_client, settings):
    schema = api_client.get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    assert (
        f"Amounts of money are JSON numbers in {settings.CURRENCY}, the deployment's one "
        "currency (`CURRENCY`)"
    ) in schema["info"]["description"]
