"""The webhooks API as an admin uses it."""

import pytest
from django.test import override_settings

from core.outbox import EVENT_TYPES
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory
from tests.webhooks.helpers import credit, endpoint_for, send_all
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/endpoints/"


def _create(client, **body):
    return client.post(
        URL,
        {"url": "https://127.0.0.1:9/hook", "event_types": ["tip.completed"], **body},
        format="json",
    )


def test_the_secret_is_shown_once_when_registering(api_client_for):
    admin = AdminFactory()
    api = api_client_for(admin)
    created = _create(api, description="Accounting")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["website_id"] == admin.website_id
    assert body["status"] == "active"
    assert body["event_types"] == ["tip.completed"]
    read = api.get(f"{URL}{body['id']}/").json()
    assert "secret" not in read
    assert body["secret"] not in str(read)
    listed = api.get(URL).json()
    assert body["secret"] not in str(listed)


@override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=False)
def test_a_private_target_is_a_400_naming_url(api_client_for):
    response = _create(api_client_for(AdminFactory()), url="https://169.254.169.254/latest/")
    assert response.status_code == 400
    assert response.json()["code"] == "webhook_url_refused"
    assert "url" in response.json()["errors"]
    assert not WebhookEndpoint.objects.exists()


def test_an_unknown_event_type_is_a_400_naming_event_types(api_client_for):
    response = _create(api_client_for(AdminFactory()), event_types=["tip.stolen"])
    assert response.status_code == 400
    assert "event_types" in response.json()["errors"]


@override_settings(WEBHOOK_MAX_ENDPOINTS_PER_WEBSITE=2)
def test_a_website_has_at_most_the_configured_number_of_endpoints(api_client_for):
    api = api_client_for(AdminFactory())
    assert _create(api).status_code == 201
    assert _create(api).status_code == 201
    third = _create(api)
    assert third.status_code == 409
    assert third.json()["code"] == "webhook_endpoints_limit"


def test_a_superadmin_names_the_website_and_an_admin_cannot_reach_another(api_client_for):
    admin, other_admin = AdminFactory(), AdminFactory()
    superadmin = api_client_for(SuperAdminFactory())
    assert _create(superadmin).status_code == 400  # website_id is required
    created = _create(superadmin, website_id=other_admin.website_id)
    assert created.status_code == 201
    assert created.json()["website_id"] == other_admin.website_id
    endpoint_id = created.json()["id"]
    assert api_client_for(admin).get(f"{URL}{endpoint_id}/").status_code == 404
    assert api_client_for(admin).delete(f"{URL}{endpoint_id}/").status_code == 404
    assert api_client_for(other_admin).get(f"{URL}{endpoint_id}/").status_code == 200


def test_rotating_shows_the_new_secret_and_keeps_the_old_one_for_the_overlap(api_client_for):
    api = api_client_for(AdminFactory())
    created = _create(api).json()
    rotated = api.post(f"{URL}{created['id']}/rotate-secret/", {"overlap_hours": 2}, format="json")
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created["secret"]
    assert rotated.json()["previous_secret_expires_at"] is not None
    too_long = api.post(
        f"{URL}{created['id']}/rotate-secret/", {"overlap_hours": 500}, format="json"
    )
    assert too_long.status_code == 400
    assert "overlap_hours" in too_long.json()["errors"]


def test_deliveries_are_listed_per_endpoint_and_resent_one_by_one_or_since(
    api_client_for, receiver_factory
):
    receiver = receiver_factory(statuses=[500])
    client = ClientFactory()
    admin = AdminFactory(website=client.website)
    api = api_client_for(admin)
    endpoint, _ = endpoint_for(client.website, receiver.url)
    credit(client, reason="first")
    with override_settings(WEBHOOK_RETRY_WINDOW_HOURS=0):
        send_all(endpoint)
    listed = api.get("/api/v1/webhooks/deliveries/", {"endpoint_id": endpoint.pk}).json()
    (row,) = listed["results"]
    assert (row["status"], row["attempts"], row["response_status"]) == ("failed", 1, 500)
    assert row["event_type"] == "wallet.credited"
    assert row["latency_ms"] is not None
    endpoint_row = api.get(f"{URL}{endpoint.pk}/").json()
    assert endpoint_row["status"] == "failing"

    resent = api.post(f"/api/v1/webhooks/deliveries/{row['id']}/resend/", {}, format="json")
    assert resent.status_code == 202
    assert resent.json()["status"] == "pending"
    again = api.post(f"/api/v1/webhooks/deliveries/{row['id']}/resend/", {}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "webhook_delivery_pending"
    send_all(endpoint)
    assert WebhookDelivery.objects.get(pk=row["id"]).status == "succeeded"

    since = api.post(
        f"{URL}{endpoint.pk}/resend/", {"since": "2000-01-01T00:00:00Z"}, format="json"
    )
    assert since.status_code == 202
    assert since.json() == {"events": 1}
    send_all(endpoint)
    assert len(receiver.received) == 3  # failed, re-sent, and sent again since T


def test_the_event_log_and_the_event_types(api_client_for):
    client = ClientFactory()
    api = api_client_for(AdminFactory(website=client.website))
    credit(client, reason="logged")
    events = api.get("/api/v1/webhooks/events/", {"type": "wallet.credited"}).json()["results"]
    assert [e["payload"]["reason"] for e in events] == ["logged"]
    one = api.get(f"/api/v1/webhooks/events/{events[0]['event_id']}/")
    assert one.status_code == 200
    assert one.json()["object_type"] == "order_payments_management.wallet"
    types = api.get("/api/v1/webhooks/event-types/").json()
    assert {"type": "tip.refunded", "description": "An admin refunded a tip."} in types
    assert len(types) == len(EVENT_TYPES)
    assert [t["type"] for t in types] == sorted(t["type"] for t in types)
