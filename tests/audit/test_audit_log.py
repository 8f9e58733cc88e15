"""The audit log: who changed what, read by admins, and never rewritten."""

import csv
import io
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from accounts.models import Role, User
from audit.models import AuditEntry
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory
from tests.order_payments_management.factories import WalletFactory
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _credit(api, wallet, amount="12.00", key=None):
    return api.post(
        f"/api/v1/order-payments/wallets/{wallet.pk}/credit/",
        {"amount": amount, "reason": "Goodwill"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()),
        HTTP_X_REQUEST_ID="req-audit-0001",
        REMOTE_ADDR="203.0.113.24",
    )


def test_a_wallet_credit_says_who_the_balance_before_and_after_and_the_request(api_client_for):
    client = ClientFactory()
    wallet = WalletFactory(user=client, balance="80.00")
    admin = AdminFactory(website=client.website)
    response = _credit(api_client_for(admin), wallet, "40.00")
    assert response.status_code == 201, response.content
    assert response["X-Request-ID"] == "req-audit-0001"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == (
        "wallet.credit",
        "order_payments_management.wallet",
        str(wallet.pk),
    )
    assert entry.before == {"balance": "80.00"}
    assert entry.after == {"balance": "120.00"}
    assert (entry.actor_id, entry.actor_role, entry.website_id) == (
        admin.pk,
        "admin",
        client.website_id,
    )
    assert (entry.request_id, entry.ip, entry.source) == ("req-audit-0001", "203.0.113.24", "api")


def test_a_replayed_request_and_a_refused_one_write_no_entry(api_client_for):
    client = ClientFactory()
    wallet = WalletFactory(user=client, balance="10.00")
    api = api_client_for(AdminFactory(website=client.website))
    key = str(uuid.uuid4())
    assert _credit(api, wallet, key=key).status_code == 201
    replay = _credit(api, wallet, key=key)
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    refused = api.post(
        f"/api/v1/order-payments/wallets/{wallet.pk}/debit/",
        {"amount": "999.00", "reason": "Too much"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert refused.status_code == 409
    assert AuditEntry.objects.count() == 1


def test_entries_can_be_neither_changed_nor_deleted():
    entry = AuditEntry.objects.create(
        source="api", action="wallet.credit", object_type="x.y", object_id="1"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="wallet.debit")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.get(pk=entry.pk).action == "wallet.credit"


def _entries_of(api, **query):
    response = api.get("/api/v1/audit/", query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_admins_read_their_website_filtered_newest_first_and_superadmins_everything(
    api_client_for,
):
    client_a, client_b = ClientFactory(), ClientFactory()
    wallet_a = WalletFactory(user=client_a, balance="5.00")
    wallet_b = WalletFactory(user=client_b, balance="5.00")
    admin_a = AdminFactory(website=client_a.website)
    superadmin = SuperAdminFactory()
    _credit(api_client_for(admin_a), wallet_a, "1.00")
    _credit(api_client_for(admin_a), wallet_a, "2.00")
    _credit(api_client_for(superadmin), wallet_b, "3.00")
    mine = _entries_of(api_client_for(admin_a))
    assert [e["after"]["balance"] for e in mine] == ["8.00", "6.00"]
    assert {e["website_id"] for e in mine} == {client_a.website_id}
    assert api_client_for(admin_a).get(
        f"/api/v1/audit/{AuditEntry.objects.first().pk}/"
    ).status_code in (
        200,
        404,
    )
    foreign = AuditEntry.objects.get(website_id=client_b.website_id)
    assert api_client_for(admin_a).get(f"/api/v1/audit/{foreign.pk}/").status_code == 404
    everything = _entries_of(api_client_for(superadmin))
    assert len(everything) == 3
    assert everything[0]["actor_username"] == superadmin.username
    assert len(_entries_of(api_client_for(superadmin), actor_id=admin_a.pk)) == 2
    assert len(_entries_of(api_client_for(superadmin), action="wallet.credit")) == 3
    assert (
        len(
            _entries_of(
                api_client_for(superadmin),
                object_type="order_payments_management.wallet",
                object_id=str(wallet_b.pk),
            )
        )
        == 1
    )
    assert _entries_of(api_client_for(admin_a), date_from="2999-01-01") == []


def test_an_admin_sees_a_superadmins_role_but_not_their_username(api_client_for):
    client = ClientFactory()
    wallet = WalletFactory(user=client, balance="5.00")
    _credit(api_client_for(SuperAdminFactory()), wallet)
    admin = AdminFactory(website=client.website)
    (entry,) = _entries_of(api_client_for(admin))
    assert entry["actor_role"] == "superadmin"
    assert entry["actor_username"] is None


def test_the_export_is_a_csv_of_the_filtered_entries(api_client_for):
    client = ClientFactory()
    wallet = WalletFactory(user=client, balance="5.00")
    admin = AdminFactory(website=client.website)
    _credit(api_client_for(admin), wallet, "1.00")
    response = api_client_for(admin).get("/api/v1/audit/export/", {"action": "wallet.credit"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["action"] == "wallet.credit"
    assert rows[0]["after"] == '{"balance": "6.00"}'
    assert rows[0]["actor_username"] == admin.username


def test_clients_and_writers_cannot_read_the_log(api_client_for):
    client = ClientFactory()
    assert api_client_for(client).get("/api/v1/audit/").status_code == 403


@pytest.fixture
def admin_site():
    superadmin = SuperAdminFactory()
    browser = Client()
    browser.force_login(superadmin)
    return browser, superadmin


def test_a_role_changed_in_the_django_admin_is_an_entry(admin_site):
    browser, superadmin = admin_site
    user = ClientFactory()
    page = browser.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    form = {
        "username": user.username,
        "role": Role.WRITER,
        "website": user.website_id,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = browser.post(f"/admin/accounts/user/{user.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get()
    assert (entry.source, entry.action, entry.actor_id) == ("admin", "user.update", superadmin.pk)
    assert entry.before["role"] == "client"
    assert entry.after["role"] == "writer"
    assert "password" not in entry.after


def test_an_admin_action_records_each_row_it_moves(admin_site):
    browser, _ = admin_site
    order = OrderFactory(status="paid")
    response = browser.post(
        "/admin/orders/order/",
        {"action": "start_selected", "_selected_action": [order.pk]},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.source, entry.action) == ("admin", "order.start_selected")
    assert entry.before["status"] == "paid"
    assert entry.after["status"] == "in_progress"


def test_the_django_admin_shows_entries_read_only(admin_site):
    browser, _ = admin_site
    entry = AuditEntry.objects.create(source="api", action="a.b", object_type="x.y", object_id="1")
    assert browser.get("/admin/audit/auditentry/").status_code == 200
    assert browser.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert browser.get("/admin/audit/auditentry/add/").status_code == 403
    assert (
        browser.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_createsuperuser_is_an_entry_of_the_command(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-unusual-passphrase-91")
    call_command("createsuperuser", "--noinput", "--username", "root2", "--email", "r@example.com")
    user = User.objects.get(username="root2")
    entry = AuditEntry.objects.get()
    assert (entry.source, entry.command, entry.action) == (
        "command",
        "createsuperuser",
        "user.create",
    )
    assert entry.object_id == str(user.pk)
    assert entry.after["role"] == "superadmin"
    assert entry.after["password"].startswith("[redacted:")


def test_changepassword_is_an_entry_of_the_command_without_the_password(monkeypatch):
    from accounts.overrides.management.commands import changepassword

    user = ClientFactory()
    monkeypatch.setattr(
        changepassword.Command, "_get_pass", lambda self, prompt="": "a-long-unusual-passphrase-92"
    )
    call_command("changepassword", user.username)
    entry = AuditEntry.objects.get()
    assert (entry.command, entry.action, entry.object_id) == (
        "changepassword",
        "user.change_password",
        str(user.pk),
    )
    assert set(entry.after) == {"password"}
    assert entry.before["password"] != entry.after["password"]
    assert "passphrase" not in str(entry.after)


def test_a_bulk_delete_in_the_django_admin_records_each_row(admin_site):
    from django.contrib.auth.models import Group

    browser, _ = admin_site
    groups = [Group.objects.create(name=f"Group {n}") for n in range(2)]
    response = browser.post(
        "/admin/auth/group/",
        {"action": "delete_selected", "_selected_action": [g.pk for g in groups], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Group.objects.exists()
    entries = AuditEntry.objects.order_by("id")
    assert [(e.action, e.object_id) for e in entries] == [
        ("group.delete", str(g.pk)) for g in groups
    ]
    assert entries[0].before["name"] == "Group 0"
    assert entries[0].after == {}
