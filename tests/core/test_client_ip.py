"""The client's address behind the trusted proxies, and never one a client chose itself."""

import pytest
from django.test import RequestFactory, override_settings

from core.client_ip import client_ip
from core.throttling import UserRateThrottleWithHeaders
from tests.core.subprocesses import explain, project_env, python


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_client_is_the_peer_whatever_the_header_says():
    assert client_ip(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.5", "203.0.113.1", "203.0.113.1"),  # through the proxy
        ("10.0.0.5", "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # a forged hop is left of the real one
        ("10.0.0.5", "203.0.113.1, 10.1.2.3", "203.0.113.1"),  # two proxies of the network
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),  # not through the proxy: header ignored
        ("10.0.0.5", None, "10.0.0.5"),  # the proxy itself (a health probe)
    ],
)
def test_trusted_proxy_networks(remote, forwarded, client):
    assert client_ip(_request(remote, forwarded)) == client


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("forwarded", "client"),
    [("203.0.113.1", "203.0.113.1"), ("6.6.6.6, 203.0.113.1", "203.0.113.1"), (None, "10.0.0.5")],
)
def test_a_trusted_proxy_count(forwarded, client):
    assert client_ip(_request("10.0.0.5", forwarded)) == client


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies_in_a_row():
    request = _request("10.0.0.5", "6.6.6.6, 203.0.113.1, 172.16.0.9")
    assert client_ip(request) == "203.0.113.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_anonymous_callers_are_throttled_per_client_behind_the_proxy():
    throttle = UserRateThrottleWithHeaders()
    assert throttle.get_ident(_request("10.0.0.5", "203.0.113.1")) == "203.0.113.1"
    assert throttle.get_ident(_request("10.0.0.5", "203.0.113.2")) == "203.0.113.2"


@pytest.mark.slow
def test_trusted_proxies_are_read_from_the_environment_as_networks():
    result = python(
        "from django.conf import settings\n"
        "print(settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT)\n",
        env=project_env(TRUSTED_PROXIES="10.0.0.0/8, 172.18.0.1/16", TRUSTED_PROXY_COUNT="1"),
    )
    assert result.returncode == 0, explain(result)
    assert result.stdout.strip().splitlines()[-1] == "['10.0.0.0/8', '172.18.0.0/16'] 1"
