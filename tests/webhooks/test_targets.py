"""Server-side request forgery: where a webhook may not go."""

import secrets

import pytest
from django.test import override_settings

from tests.accounts.factories import ClientFactory
from tests.core.subprocesses import explain, project_env, python
from tests.webhooks.helpers import credit, endpoint_for, send_all
from webhooks.exceptions import WebhookUrlRefused
from webhooks.models import WebhookDelivery
from webhooks.targets import url_check

PRIVATE = [
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.5/hook",
    "https://192.168.1.10/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:10.0.0.1]/hook",
    "https://0.0.0.0/hook",
    "https://100.64.0.1/hook",
]
MALFORMED = [
    "ftp://hooks.example.com/",
    "https:///no-host",
    "https://user:pass@203.0.113.9/hook",
    "https://203.0.113.9/hook#fragment",
    "javascript:alert(1)",
    "https://" + "a" * 2000 + ".com/",
]


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
@pytest.mark.parametrize("url", PRIVATE)
def test_private_loopback_and_link_local_targets_are_refused_in_production(url):
    with pytest.raises(WebhookUrlRefused) as refused:
        url_check(url)
    assert refused.value.field == "url"


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_plain_http_is_refused_even_to_loopback_in_production():
    with pytest.raises(WebhookUrlRefused, match="https"):
        url_check("http://127.0.0.1:8080/hook")


@pytest.mark.parametrize("url", MALFORMED)
def test_urls_that_are_not_plain_https_urls_are_refused(url):
    with pytest.raises(WebhookUrlRefused):
        url_check(url)


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True)
def test_outside_production_plain_http_goes_to_loopback_only():
    url_check("http://127.0.0.1:8080/hook")
    url_check("http://localhost:8080/hook")
    with pytest.raises(WebhookUrlRefused):
        url_check("http://203.0.113.9/hook")


@pytest.mark.django_db
def test_an_endpoint_whose_address_became_private_is_refused_at_send_time(receiver_factory):
    receiver = receiver_factory()
    client = ClientFactory()
    endpoint, _ = endpoint_for(client.website, receiver.url.replace("http://", "https://"))
    credit(client)
    with override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False):
        send_all(endpoint)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.response_status is None
    assert delivery.error.startswith("refused")
    assert receiver.received == []


@pytest.mark.slow
def test_production_never_allows_private_targets_whatever_the_environment_says():
    env = project_env(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="api.example.com",
        WEBHOOK_ALLOW_PRIVATE_TARGETS="true",
    )
    result = python(
        "from django.conf import settings\nprint(settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)\n",
        env=env,
    )
    assert result.returncode == 0, explain(result)
    assert result.stdout.strip().splitlines()[-1] == "False"
