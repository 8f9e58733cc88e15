"""The `Idempotency-Key` mechanism every money or points POST uses.

A small test view (created below, wired into this module's own URLconf) writes a real row, so
"executed once" is counted in the database.
"""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import include, path
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from core.exceptions import Conflict
from core.idempotency import STALE_CLAIM, idempotency_keys_prune, idempotent, request_fingerprint
from core.models import IdempotencyKey, IdempotencyKeyStatus
from core.tasks import idempotency_keys_prune_task
from tests.accounts.factories import AdminFactory, ClientFactory
from websites.models import Website

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

URL = "/api/v1/test-idempotent/"
OTHER_URL = "/api/v1/test-idempotent-too/"
GATE: dict[str, threading.Event] = {}


class WebsiteOpenView(APIView):
    """Create a website named in the body: an effect the tests can count."""

    @idempotent
    def post(self, request):
        name = request.data.get("name")
        if not name:
            raise ValidationError({"name": ["This field is required."]})
        slug = f"idem-{uuid.uuid4().hex[:12]}"
        website = Website.objects.create(name=name, slug=slug, domain=f"{slug}.example.com")
        if request.data.get("refuse_after_writing"):
            raise Conflict("Refused after writing.", code="refused")
        if request.data.get("answer_422"):
            return Response({"detail": "no", "code": "no"}, status=422)
        if "entered" in GATE:
            GATE["entered"].set()
            GATE["release"].wait(timeout=10)
        return Response({"id": website.pk, "name": name}, status=201)


urlpatterns = [
    path("api/v1/test-idempotent/", WebsiteOpenView.as_view()),
    path("api/v1/test-idempotent-too/", WebsiteOpenView.as_view()),
    path("", include("config.urls")),
]


def _post(api, data, key="key-1", url=URL):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(url, data, format="json", **headers)


def _opened(name: str) -> int:
    return Website.objects.filter(name=name).count()


def _fingerprint(user, data, url=URL) -> str:
    raw = APIRequestFactory().post(url, data, format="json")
    request = Request(raw, parsers=[JSONParser()])
    request.user = user
    return request_fingerprint(request)


# Replays


def test_a_retry_with_the_same_key_and_body_replays_the_first_response(api_client_for):
    api = api_client_for(ClientFactory())
    first = _post(api, {"name": "Once"})
    second = _post(api, {"name": "Once"})
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _opened("Once") == 1


def test_the_first_response_is_stored_with_its_status(api_client_for):
    user = ClientFactory()
    response = _post(api_client_for(user), {"name": "Stored"})
    stored = IdempotencyKey.objects.get(user=user)
    assert (stored.status, stored.response_status, stored.response_body) == (
        IdempotencyKeyStatus.COMPLETED,
        201,
        response.json(),
    )
    assert stored.endpoint == f"POST {URL}"


def test_the_same_key_with_a_different_body_is_422(api_client_for):
    api = api_client_for(ClientFactory())
    _post(api, {"name": "Original"})
    response = _post(api, {"name": "Changed"})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert _opened("Changed") == 0


def test_keys_are_scoped_to_the_user_and_the_endpoint(api_client_for):
    first_user, second_user = ClientFactory(), AdminFactory()
    _post(api_client_for(first_user), {"name": "Scoped"})
    _post(api_client_for(second_user), {"name": "Scoped"})
    _post(api_client_for(first_user), {"name": "Scoped"}, url=OTHER_URL)
    assert _opened("Scoped") == 3


def test_a_key_past_its_replay_window_counts_as_new(api_client_for):
    user = ClientFactory()
    api = api_client_for(user)
    _post(api, {"name": "Expired"})
    IdempotencyKey.objects.filter(user=user).update(created_at=timezone.now() - timedelta(hours=25))
    again = _post(api, {"name": "Expired"})
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert _opened("Expired") == 2


@override_settings(IDEMPOTENCY_KEY_TTL_HOURS=1)
def test_the_replay_window_follows_the_setting(api_client_for):
    user = ClientFactory()
    api = api_client_for(user)
    _post(api, {"name": "Short"})
    IdempotencyKey.objects.filter(user=user).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    assert "Idempotent-Replayed" not in _post(api, {"name": "Short"})


# Missing or bad keys


def test_a_missing_key_is_400_naming_the_header_and_nothing_runs(api_client_for):
    response = _post(api_client_for(ClientFactory()), {"name": "NoKey"}, key=None)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert _opened("NoKey") == 0


@pytest.mark.parametrize("key", ["   ", "k" * 256])
def test_a_blank_or_overlong_key_is_400(api_client_for, key):
    response = _post(api_client_for(ClientFactory()), {"name": "BadKey"}, key=key)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


@pytest.mark.parametrize("key", ["a\x00b", "tab\there", "caf\u00e9"])
def test_a_key_that_is_not_printable_ascii_is_400_not_a_500(api_client_for, key):
    api = api_client_for(ClientFactory())
    api.raise_request_exception = False
    response = _post(api, {"name": "OddKey"}, key=key)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert _opened("OddKey") == 0


# Failures are not stored


def test_a_validation_error_is_not_stored_so_the_fixed_request_may_reuse_the_key(api_client_for):
    api = api_client_for(ClientFactory())
    invalid = _post(api, {"name": ""})
    assert invalid.status_code == 400
    assert not IdempotencyKey.objects.exists()
    fixed = _post(api, {"name": "Fixed"})
    assert fixed.status_code == 201
    assert _opened("Fixed") == 1


def test_a_refusal_after_a_write_rolls_the_write_back_and_frees_the_key(api_client_for):
    api = api_client_for(ClientFactory())
    refused = _post(api, {"name": "Partial", "refuse_after_writing": True})
    assert refused.status_code == 409
    assert _opened("Partial") == 0
    assert not IdempotencyKey.objects.exists()


def test_a_non_2xx_response_rolls_back_and_is_not_stored(api_client_for):
    api = api_client_for(ClientFactory())
    response = _post(api, {"name": "Answered", "answer_422": True})
    assert response.status_code == 422
    assert _opened("Answered") == 0
    assert not IdempotencyKey.objects.exists()


# Duplicates in flight


def test_a_duplicate_while_the_first_is_still_running_is_409(api_client_for):
    user = ClientFactory()
    IdempotencyKey.objects.create(
        user=user,
        endpoint=f"POST {URL}",
        key="key-1",
        request_fingerprint=_fingerprint(user, {"name": "Busy"}),
    )
    response = _post(api_client_for(user), {"name": "Busy"})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_progress"
    assert _opened("Busy") == 0


def test_a_claim_left_by_a_dead_request_is_taken_over_once_stale(api_client_for):
    user = ClientFactory()
    claim = IdempotencyKey.objects.create(
        user=user,
        endpoint=f"POST {URL}",
        key="key-1",
        request_fingerprint=_fingerprint(user, {"name": "Orphan"}),
    )
    IdempotencyKey.objects.filter(pk=claim.pk).update(
        updated_at=timezone.now() - STALE_CLAIM - timedelta(seconds=1)
    )
    response = _post(api_client_for(user), {"name": "Orphan"})
    assert response.status_code == 201
    assert _opened("Orphan") == 1
    claim.refresh_from_db()
    assert claim.status == IdempotencyKeyStatus.COMPLETED


@pytest.fixture
def gate():
    GATE.update(entered=threading.Event(), release=threading.Event())
    yield GATE
    GATE["release"].set()
    GATE.clear()


def _post_in_thread(api, data, results: list):
    def run():
        try:
            results.append(_post(api, data))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_execute_once(api_client_for, gate):
    user = ClientFactory()
    results: list = []
    first = _post_in_thread(api_client_for(user), {"name": "Racing"}, results)
    assert gate["entered"].wait(timeout=10)  # the first request is inside the view

    duplicate = _post(api_client_for(user), {"name": "Racing"})

    gate["release"].set()
    first.join(timeout=10)
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "idempotency_key_in_progress"
    assert results[0].status_code == 201
    replay = _post(api_client_for(user), {"name": "Racing"})
    assert replay.json() == results[0].json()
    assert replay["Idempotent-Replayed"] == "true"
    assert _opened("Racing") == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_whose_claim_was_taken_over_is_rolled_back(api_client_for, gate):
    user = ClientFactory()
    results: list = []
    slow = _post_in_thread(api_client_for(user), {"name": "Overtaken"}, results)
    assert gate["entered"].wait(timeout=10)
    # Another worker decided the claim was stale and took it over (a new token).
    with transaction.atomic():
        IdempotencyKey.objects.filter(user=user).update(claim_token=uuid.uuid4())

    gate["release"].set()
    slow.join(timeout=10)

    assert results[0].status_code == 409
    assert _opened("Overtaken") == 0
    assert IdempotencyKey.objects.get(user=user).status == IdempotencyKeyStatus.IN_PROGRESS


# Pruning


def test_pruning_deletes_keys_past_the_replay_window_only(api_client_for):
    user = ClientFactory()
    api = api_client_for(user)
    _post(api, {"name": "Old"}, key="old")
    _post(api, {"name": "New"}, key="new")
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=24, seconds=1)
    )
    assert idempotency_keys_prune_task.delay().get() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert idempotency_keys_prune_task.delay().get() == 0


def test_pruning_takes_an_explicit_age(api_client_for):
    api = api_client_for(ClientFactory())
    _post(api, {"name": "Recent"})
    time.sleep(0.01)
    assert idempotency_keys_prune(older_than=timedelta(0)) == 1
    assert not IdempotencyKey.objects.exists()
