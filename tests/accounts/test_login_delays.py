"""Failed-login delays: one count per account and per client, taken atomically, growing delays."""

import threading
import time

import pytest
from django.db import connection
from django.test import override_settings

from accounts.exceptions import InvalidCredentials, LoginThrottled
from accounts.services import user_login
from tests.accounts.factories import PASSWORD, ClientFactory
from tests.accounts.hashers import HASH_SECONDS

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"


def _login(api_client, username: str, password: str, **extra):
    return api_client.post(LOGIN, {"username": username, "password": password}, **extra)


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=3)
def test_a_delayed_login_answers_429_with_retry_after(api_client):
    client = ClientFactory()
    for _ in range(3):
        assert _login(api_client, client.username, "bad").status_code == 401
    response = _login(api_client, client.username, PASSWORD)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response["Retry-After"] == "1"


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=3)
def test_username_and_email_of_one_account_share_one_count(api_client):
    client = ClientFactory()
    assert _login(api_client, client.username, "bad").status_code == 401
    assert _login(api_client, client.email, "bad").status_code == 401
    assert _login(api_client, client.username.upper(), "bad").status_code == 401
    assert _login(api_client, client.email, PASSWORD).status_code == 429


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=2)
def test_after_the_delay_the_right_password_logs_in(api_client):
    client = ClientFactory()
    for _ in range(2):
        _login(api_client, client.username, "bad")
    assert _login(api_client, client.username, PASSWORD).status_code == 429
    time.sleep(1.1)
    response = _login(api_client, client.username, PASSWORD)
    assert response.status_code == 200
    # A success forgets the account's failures: the next wrong password is a plain 401.
    assert _login(api_client, client.username, "bad").status_code == 401
    assert _login(api_client, client.username, PASSWORD).status_code == 200


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=1, LOGIN_MAX_DELAY_SECONDS=3)
def test_each_further_failure_doubles_the_delay_up_to_the_cap(api_client):
    client = ClientFactory()
    waits = []
    for _ in range(4):
        assert _login(api_client, client.username, "bad").status_code == 401
        refused = _login(api_client, client.username, PASSWORD)
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        time.sleep(waits[-1] + 0.05)
    assert waits == [1, 2, 3, 3]


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=3, LOGIN_MAX_FAILURES_PER_IP=100)
def test_concurrent_guesses_try_no_more_passwords_than_the_limit():
    outcomes: list[object] = []
    barrier = threading.Barrier(10)

    def guess(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            user_login(identifier="nobody-at-all", password=f"guess-{number}", ip="192.0.2.1")
        except (InvalidCredentials, LoginThrottled) as outcome:
            outcomes.append(type(outcome))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count(InvalidCredentials) == 3
    assert outcomes.count(LoginThrottled) == 7


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=2)
def test_an_unknown_name_is_delayed_like_a_known_one(api_client):
    for _ in range(2):
        assert _login(api_client, "no-such-user", "bad").status_code == 401
    assert _login(api_client, "no-such-user", "bad").status_code == 429


@override_settings(
    LOGIN_MAX_FAILURES_PER_IP=2,
    LOGIN_MAX_FAILURES_PER_USERNAME=100,
    TRUSTED_PROXIES=["10.0.0.0/8"],
)
def test_behind_a_trusted_proxy_each_client_has_its_own_ip_count(api_client):
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for n in range(2):
        response = _login(
            api_client, f"ghost{n}", "bad", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy
        )
        assert response.status_code == 401
    attacker = _login(api_client, "ghost9", "bad", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    assert attacker.status_code == 429
    client = ClientFactory()
    other = _login(
        api_client, client.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy
    )
    assert other.status_code == 200


@override_settings(
    LOGIN_MAX_FAILURES_PER_IP=2,
    LOGIN_MAX_FAILURES_PER_USERNAME=100,
    TRUSTED_PROXIES=["10.0.0.0/8"],
)
def test_a_client_cannot_choose_its_ip_with_x_forwarded_for(api_client):
    direct = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(2):
        spoofed = f"203.0.113.{n + 10}"
        _login(api_client, f"ghost{n}", "bad", HTTP_X_FORWARDED_FOR=spoofed, **direct)
    response = _login(api_client, "ghost9", "bad", HTTP_X_FORWARDED_FOR="203.0.113.99", **direct)
    assert response.status_code == 429


@override_settings(LOGIN_MAX_FAILURES_PER_IP=3, LOGIN_MAX_FAILURES_PER_USERNAME=100)
def test_a_successful_login_does_not_reset_the_ip_count(api_client):
    client = ClientFactory()
    assert _login(api_client, "ghost1", "bad").status_code == 401
    # A guesser who also owns an account cannot clear the client's failures by logging in.
    assert _login(api_client, client.username, PASSWORD).status_code == 200
    assert _login(api_client, "ghost2", "bad").status_code == 401
    assert _login(api_client, "ghost3", "bad").status_code == 401
    assert _login(api_client, "ghost4", "bad").status_code == 429


@override_settings(PASSWORD_HASHERS=["tests.accounts.hashers.SlowMD5Hasher"])
def test_an_unknown_username_takes_as_long_as_a_wrong_password(api_client):
    client = ClientFactory()

    def duration(username: str) -> float:
        started = time.perf_counter()
        assert _login(api_client, username, "wrong-password").status_code == 401
        return time.perf_counter() - started

    known = min(duration(client.username) for _ in range(2))
    unknown = min(duration(f"unknown-{n}") for n in range(2))
    assert unknown >= HASH_SECONDS
    assert unknown > known / 3
