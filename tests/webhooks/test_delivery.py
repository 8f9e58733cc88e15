"""Deliveries against a real HTTP receiver on loopback."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tests.accounts.factories import ClientFactory
from tests.webhooks.helpers import credit, endpoint_for, make_due, send_all
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.services import deliveries_send, endpoint_rotate_secret
from webhooks.signing import verify

pytestmark = pytest.mark.django_db


def test_a_delivery_is_signed_over_timestamp_and_body(receiver_factory):
    receiver = receiver_factory()
    client = ClientFactory()
    endpoint, secret = endpoint_for(client.website, receiver.url)
    credit(client, "12.50")
    assert send_all(endpoint) == 1
    (got,) = receiver.received
    body = json.loads(got.body)
    assert body["type"] == "wallet.credited"
    assert body["id"] == got.headers["Webhook-Id"]
    assert body["data"]["amount"] == "12.50"
    assert body["website_id"] == client.website_id
    assert got.headers["Webhook-Event"] == "wallet.credited"
    assert verify(secret, got.headers["Webhook-Signature"], got.body)
    assert not verify(secret, got.headers["Webhook-Signature"], got.body + b" ")
    assert not verify("whsec_other", got.headers["Webhook-Signature"], got.body)
    stale = int(got.headers["Webhook-Timestamp"]) + 301
    assert not verify(secret, got.headers["Webhook-Signature"], got.body, now=stale)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 1, 200)
    assert delivery.latency_ms is not None
    assert delivery.response_body == '{"received": true}'


def test_a_receiver_failing_twice_gets_the_event_three_times_then_never_again(receiver_factory):
    receiver = receiver_factory(statuses=[500, 503])
    client = ClientFactory()
    endpoint, _ = endpoint_for(client.website, receiver.url)
    credit(client)
    assert send_all(endpoint) == 1
    assert deliveries_send(endpoint.pk) == 0  # the retry is not due yet
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "pending"
    assert delivery.next_attempt_at > timezone.now()
    for _ in range(2):
        make_due(endpoint)
        assert deliveries_send(endpoint.pk) == 1
    make_due(endpoint)
    assert deliveries_send(endpoint.pk) == 0
    assert len(receiver.received) == 3
    assert len({r.headers["Webhook-Id"] for r in receiver.received}) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 3)


def test_an_event_of_website_a_never_reaches_website_b(receiver_factory):
    receiver_a, receiver_b = receiver_factory(), receiver_factory()
    client_a, client_b = ClientFactory(), ClientFactory()
    assert client_a.website_id != client_b.website_id
    endpoint_a, _ = endpoint_for(client_a.website, receiver_a.url)
    endpoint_b, _ = endpoint_for(client_b.website, receiver_b.url)
    credit(client_a)
    send_all(endpoint_a)
    deliveries_send(endpoint_b.pk)
    assert len(receiver_a.received) == 1
    assert receiver_b.received == []
    assert not WebhookDelivery.objects.filter(endpoint=endpoint_b).exists()


def test_the_events_of_a_rolled_back_transaction_are_never_stored_or_sent(receiver_factory):
    receiver = receiver_factory()
    client = ClientFactory()
    endpoint, _ = endpoint_for(client.website, receiver.url)
    before = WebhookEvent.objects.count()

    def credit_then_fail():
        with transaction.atomic():
            credit(client)
            raise RuntimeError("the change fails after the credit")

    with pytest.raises(RuntimeError):
        credit_then_fail()
    assert WebhookEvent.objects.count() == before
    assert send_all(endpoint) == 0
    assert receiver.received == []


def test_deliveries_of_one_object_keep_their_order_while_others_go_on(receiver_factory):
    receiver = receiver_factory(statuses=[500])  # the first request fails
    first, second = ClientFactory(), None
    second = ClientFactory(website=first.website)
    endpoint, _ = endpoint_for(first.website, receiver.url)
    for reason in ("one", "two", "three"):
        credit(first, reason=reason)
    credit(second, reason="other")
    send_all(endpoint)
    sent = [json.loads(r.body)["data"]["reason"] for r in receiver.received]
    assert sent == ["one", "other"]  # two and three wait behind the failed one
    make_due(endpoint)
    deliveries_send(endpoint.pk)
    sent = [json.loads(r.body)["data"]["reason"] for r in receiver.received]
    assert sent == ["one", "other", "one", "two", "three"]


@override_settings(WEBHOOK_TIMEOUT_SECONDS=0.3)
def test_a_slow_answer_and_a_redirect_are_failed_attempts(receiver_factory):
    slow = receiver_factory(delays=[1.0])
    client = ClientFactory()
    endpoint, _ = endpoint_for(client.website, slow.url)
    credit(client)
    send_all(endpoint)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert delivery.response_status is None
    assert "timed out" in delivery.error

    target = receiver_factory()
    redirecting = receiver_factory(statuses=[302], redirect_to=target.url)
    other = ClientFactory()
    endpoint, _ = endpoint_for(other.website, redirecting.url)
    credit(other)
    send_all(endpoint)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.response_status) == ("pending", 302)
    assert "redirect" in delivery.error
    assert target.received == []


def test_after_the_retry_window_the_delivery_fails_and_the_endpoint_is_marked_failing(
    receiver_factory,
):
    receiver = receiver_factory(statuses=[500])
    client = ClientFactory()
    endpoint, _ = endpoint_for(client.website, receiver.url)
    credit(client, reason="lost")
    with override_settings(WEBHOOK_RETRY_WINDOW_HOURS=0):
        send_all(endpoint)
    endpoint.refresh_from_db()
    assert endpoint.status == "failing"
    assert endpoint.failing_since is not None
    assert WebhookDelivery.objects.get(endpoint=endpoint).status == "failed"
    credit(client, reason="next")
    send_all(endpoint)  # the next event goes out, and a success clears the mark
    endpoint.refresh_from_db()
    assert endpoint.status == "active"
    assert endpoint.failing_since is None


def test_the_backoff_doubles_with_jitter_up_to_the_cap():
    from webhooks.services.deliveries import retry_delay

    for attempts, ceiling in ((1, 30), (2, 60), (5, 480), (30, 6 * 3600)):
        delay = retry_delay(attempts).total_seconds()
        assert ceiling * 0.5 <= delay <= ceiling, (attempts, delay)


def test_during_a_rotation_both_secrets_sign_and_afterwards_only_the_new_one(receiver_factory):
    receiver = receiver_factory()
    client = ClientFactory()
    endpoint, old = endpoint_for(client.website, receiver.url)
    endpoint, new = endpoint_rotate_secret(endpoint, overlap_hours=1)
    credit(client)
    send_all(endpoint)
    header = receiver.received[-1].headers["Webhook-Signature"]
    assert verify(old, header, receiver.received[-1].body)
    assert verify(new, header, receiver.received[-1].body)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret_expires_at=timezone.now() - timedelta(seconds=1)
    )
    credit(client)
    send_all(endpoint)
    header = receiver.received[-1].headers["Webhook-Signature"]
    assert verify(new, header, receiver.received[-1].body)
    assert not verify(old, header, receiver.received[-1].body)


def test_the_secret_is_not_in_the_database_in_the_clear():
    client = ClientFactory()
    endpoint, secret = endpoint_for(client.website, "https://127.0.0.1:9/hook")
    stored = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list(
        "secret_encrypted", flat=True
    )
    assert secret.startswith("whsec_")
    assert secret not in stored.get()
    assert secret[6:] not in stored.get()
