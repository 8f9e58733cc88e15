from decimal import Decimal

import pytest

from class_management.models import ClassBundle, ClassInstallment
from order_payments_management.models import OrderPayment, Wallet
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory, WriterFactory
from tests.class_management.factories import ClassBundleFactory, active_bundle, fund_wallet
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/class-management/bundles/"


def _detail(bundle, action: str = "") -> str:
    return f"{URL}{bundle.pk}/{action + '/' if action else ''}"


def _key(n: int = 1) -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": f"test-key-{n}"}


class TestCreateAndRead:
    def test_an_admin_creates_a_bundle_for_a_client_of_their_website(self, api_client_for):
        admin = AdminFactory()
        client = ClientFactory(website=admin.website)
        writer = WriterFactory(website=admin.website)

        response = api_client_for(admin).post(
            URL,
            {
                "client_id": client.pk,
                "assigned_writer_id": writer.pk,
                "title": "Statistics 101",
                "course": "STAT 101",
                "total_price": 500,
                "deposit_required": "100.00",
            },
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["status"], body["total_price"], body["deposit_required"]) == (
            "draft",
            500.0,
            100.0,
        )
        assert (body["balance_remaining"], body["deposit_paid"], body["installments"]) == (
            500.0,
            False,
            [],
        )
        assert body["website"]["id"] == admin.website_id

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"total_price": "100.001"}, "total_price"),
            ({"total_price": -1}, "total_price"),
            ({"deposit_required": "1.005"}, "deposit_required"),
            ({"deposit_required": 600}, "deposit_required"),
            ({"client_id": 999999}, "client_id"),
            ({"title": ""}, "title"),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, api_client_for, payload, field):
        admin = AdminFactory()
        client = ClientFactory(website=admin.website)
        base = {"client_id": client.pk, "title": "STAT", "total_price": 500}
        response = api_client_for(admin).post(URL, {**base, **payload})
        assert response.status_code == 400
        assert field in response.json()["errors"]
        assert not ClassBundle.objects.exists()

    def test_another_websites_client_is_refused(self, api_client_for):
        response = api_client_for(AdminFactory()).post(
            URL, {"client_id": ClientFactory().pk, "title": "STAT", "total_price": 500}
        )
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["client_id"]

    @pytest.mark.parametrize("field", ["client_id", "assigned_writer_id"])
    def test_an_id_of_another_website_reads_exactly_like_an_id_that_does_not_exist(
        self, api_client_for, field
    ):
        admin = AdminFactory()
        base = {"client_id": ClientFactory(website=admin.website).pk, "title": "STAT"}
        elsewhere = (ClientFactory if field == "client_id" else WriterFactory)().pk
        missing = elsewhere + 10_000
        answers = []
        for user_id in (elsewhere, missing):
            response = api_client_for(admin).post(
                URL, {**base, "total_price": 500, field: user_id}, format="json"
            )
            body = response.json()
            answers.append(
                (response.status_code, body["code"], body["detail"].replace(str(user_id), "N"))
            )
        assert answers[0] == answers[1]
        assert answers[0][:2] == (400, f"invalid_{field}")

    def test_a_superadmin_names_the_website(self, api_client_for):
        client = ClientFactory()
        superadmin = api_client_for(SuperAdminFactory())
        payload = {"client_id": client.pk, "title": "STAT", "total_price": 500}
        assert superadmin.post(URL, payload).status_code == 400
        response = superadmin.post(URL, {**payload, "website_id": client.website_id})
        assert response.status_code == 201

    @pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
    def test_only_admins_create_and_manage_bundles(self, api_client_for, factory):
        bundle = ClassBundleFactory()
        user = factory(website=bundle.website)
        client = api_client_for(user)
        assert client.post(URL, {}).status_code == 403
        assert client.patch(_detail(bundle), {"title": "x"}).status_code == 403
        assert client.post(_detail(bundle, "configure-installments"), {}).status_code == 403
        assert client.post(_detail(bundle, "activate")).status_code == 403
        assert client.post(_detail(bundle, "cancel")).status_code == 403

    def test_clients_and_writers_see_only_their_own_bundles(self, api_client_for):
        mine = ClassBundleFactory()
        other = ClassBundleFactory(website=mine.website)
        for user in (mine.client, mine.assigned_writer):
            response = api_client_for(user).get(URL)
            assert [row["id"] for row in response.json()["results"]] == [mine.pk]
            assert api_client_for(user).get(_detail(other)).status_code == 404
        admin_rows = api_client_for(AdminFactory(website=mine.website)).get(URL).json()
        assert admin_rows["count"] == 2

    def test_another_websites_bundle_is_a_404(self, api_client_for):
        bundle = ClassBundleFactory()
        admin = api_client_for(AdminFactory())
        assert admin.get(_detail(bundle)).status_code == 404
        assert admin.patch(_detail(bundle), {"title": "x"}).status_code == 404
        assert admin.post(_detail(bundle, "activate")).status_code == 404
        assert admin.post(_detail(bundle, "cancel")).status_code == 404
        assert (
            admin.post(
                _detail(bundle, "configure-installments"), {"count": 2, "interval_days": 7}
            ).status_code
            == 404
        )

    def test_the_list_takes_a_constant_number_of_queries(
        self, api_client_for, django_assert_max_num_queries
    ):
        website = WebsiteFactory()
        client = api_client_for(AdminFactory(website=website))
        active_bundle(website=website)
        with django_assert_max_num_queries(10) as few:
            client.get(URL)
        for _ in range(30):
            active_bundle(website=website, count=4)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(URL)
        assert response.json()["count"] == 31
        assert all(len(row["installments"]) in (3, 4) for row in response.json()["results"])


class TestSchedule:
    def test_an_admin_splits_the_balance_into_equal_parts(self, api_client_for):
        bundle = ClassBundleFactory(total_price=Decimal("500.00"))  # deposit 100
        response = api_client_for(AdminFactory(website=bundle.website)).post(
            _detail(bundle, "configure-installments"),
            {"count": 3, "interval_days": 30, "first_due_date": "2025-04-01"},
        )
        assert response.status_code == 200, response.json()
        rows = response.json()["installments"]
        assert [row["amount"] for row in rows] == [133.33, 133.33, 133.34]
        assert [row["due_date"] for row in rows] == ["2025-04-01", "2025-05-01", "2025-05-31"]

    def test_explicit_amounts_that_do_not_add_up_are_a_400_naming_installments(
        self, api_client_for
    ):
        bundle = ClassBundleFactory()
        response = api_client_for(AdminFactory(website=bundle.website)).post(
            _detail(bundle, "configure-installments"),
            {"installments": [{"amount": 100, "due_date": "2025-04-01"}]},
            format="json",
        )
        assert response.status_code == 400
        assert (response.json()["code"], list(response.json()["errors"])) == (
            "installments_sum_mismatch",
            ["installments"],
        )

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({}, "count"),
            ({"count": 2}, "interval_days"),
            ({"count": 0, "interval_days": 7}, "count"),
            ({"count": 2, "interval_days": 7, "installments": []}, "installments"),
            ({"installments": [{"amount": "100.001", "due_date": "2025-01-01"}]}, "installments"),
        ],
    )
    def test_malformed_schedules_are_a_400_naming_the_field(self, api_client_for, payload, field):
        bundle = ClassBundleFactory()
        response = api_client_for(AdminFactory(website=bundle.website)).post(
            _detail(bundle, "configure-installments"), payload, format="json"
        )
        assert response.status_code == 400
        assert field in response.json()["errors"]
        assert not ClassInstallment.objects.exists()

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"count": 3, "interval_days": 10**9}, "interval_days"),
            ({"count": 3, "interval_days": 2**31}, "interval_days"),
            ({"count": 3, "interval_days": 2**63}, "interval_days"),
            (
                {"count": 60, "interval_days": 10_000, "first_due_date": "2025-01-01"},
                "interval_days",
            ),
            ({"count": 3, "interval_days": 30, "first_due_date": "9999-12-01"}, "first_due_date"),
            ({"count": 3, "interval_days": 30, "first_due_date": "0001-01-01"}, "first_due_date"),
            ({"count": 3, "interval_days": 30, "first_due_date": "2999-12-01"}, "interval_days"),
            ({"installments": [{"amount": 300, "due_date": "9999-12-31"}]}, "installments"),
        ],
    )
    def test_a_schedule_past_the_last_supported_day_is_a_400_not_a_500(
        self, api_client_for, payload, field
    ):
        bundle = ClassBundleFactory()  # 400.00 less a 100.00 deposit
        response = api_client_for(AdminFactory(website=bundle.website)).post(
            _detail(bundle, "configure-installments"), payload, format="json"
        )
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == [field]
        assert not ClassInstallment.objects.exists()

    def test_a_schedule_ending_on_the_last_supported_day_is_accepted(self, api_client_for):
        bundle = ClassBundleFactory()
        response = api_client_for(AdminFactory(website=bundle.website)).post(
            _detail(bundle, "configure-installments"),
            {"count": 2, "interval_days": 30, "first_due_date": "2999-12-01"},
        )
        assert response.status_code == 200, response.json()
        due = [row["due_date"] for row in response.json()["installments"]]
        assert due == ["2999-12-01", "2999-12-31"]

    def test_the_schedule_is_refused_once_anything_is_paid(self, api_client_for):
        bundle = active_bundle()
        fund_wallet(bundle.client, Decimal("1000"))
        api_client_for(bundle.client).post(_detail(bundle, "pay-deposit"), **_key())
        response = api_client_for(AdminFactory(website=bundle.website)).post(
            _detail(bundle, "configure-installments"), {"count": 2, "interval_days": 7}
        )
        assert (response.status_code, response.json()["code"]) == (
            409,
            "class_bundle_has_payments",
        )


class TestLifecycle:
    def test_activate_and_cancel(self, api_client_for):
        bundle = ClassBundleFactory()
        admin = api_client_for(AdminFactory(website=bundle.website))
        refused = admin.post(_detail(bundle, "activate"))
        assert (refused.status_code, refused.json()["code"]) == (
            409,
            "installments_not_configured",
        )
        admin.post(_detail(bundle, "configure-installments"), {"count": 2, "interval_days": 7})
        assert admin.post(_detail(bundle, "activate")).json()["status"] == "active"
        again = admin.post(_detail(bundle, "activate"))
        assert (again.status_code, again.json()["code"]) == (
            409,
            "invalid_class_bundle_transition",
        )
        assert admin.post(_detail(bundle, "cancel")).json()["status"] == "cancelled"
        assert admin.post(_detail(bundle, "cancel")).status_code == 409

    def test_prices_cannot_change_after_activation(self, api_client_for):
        bundle = active_bundle()
        admin = api_client_for(AdminFactory(website=bundle.website))
        response = admin.patch(_detail(bundle), {"total_price": 900})
        assert (response.status_code, list(response.json()["errors"])) == (409, ["total_price"])
        renamed = admin.patch(_detail(bundle), {"title": "Renamed", "assigned_writer_id": None})
        assert (renamed.json()["title"], renamed.json()["assigned_writer"]) == ("Renamed", None)


class TestPayDeposit:
    def test_a_client_pays_the_deposit_from_their_wallet(self, api_client_for):
        bundle = active_bundle()
        fund_wallet(bundle.client, Decimal("150.00"))
        response = api_client_for(bundle.client).post(_detail(bundle, "pay-deposit"), **_key())
        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["deposit_paid"], body["balance_remaining"]) == (True, 300.0)
        assert Wallet.objects.get(user=bundle.client).balance == Decimal("50.00")

    def test_the_idempotency_key_is_required_and_replays(self, api_client_for):
        bundle = active_bundle()
        fund_wallet(bundle.client, Decimal("500.00"))
        client = api_client_for(bundle.client)
        missing = client.post(_detail(bundle, "pay-deposit"))
        assert (missing.status_code, missing.json()["code"]) == (400, "idempotency_key_required")
        first = client.post(_detail(bundle, "pay-deposit"), **_key(7))
        replay = client.post(_detail(bundle, "pay-deposit"), **_key(7))
        assert (first.status_code, replay.status_code) == (200, 200)
        assert replay.json() == first.json()
        assert replay["Idempotent-Replayed"] == "true"
        assert OrderPayment.objects.count() == 1
        second_key = client.post(_detail(bundle, "pay-deposit"), **_key(8))
        assert (second_key.status_code, second_key.json()["code"]) == (
            409,
            "deposit_already_paid",
        )
        assert Wallet.objects.get(user=bundle.client).balance == Decimal("400.00")

    def test_a_refused_payment_can_be_retried_with_the_same_key(self, api_client_for):
        bundle = active_bundle()
        client = api_client_for(bundle.client)
        short = client.post(_detail(bundle, "pay-deposit"), **_key(3))
        assert (short.status_code, short.json()["code"]) == (409, "insufficient_funds")
        fund_wallet(bundle.client, Decimal("100.00"))
        retried = client.post(_detail(bundle, "pay-deposit"), **_key(3))
        assert retried.status_code == 200
        assert retried.json()["deposit_paid"] is True

    def test_only_the_client_of_the_bundle_pays(self, api_client_for):
        bundle = active_bundle()
        stranger = ClientFactory(website=bundle.website)
        fund_wallet(stranger, Decimal("500"))
        assert (
            api_client_for(stranger).post(_detail(bundle, "pay-deposit"), **_key()).status_code
            == 404
        )
        assert (
            api_client_for(ClientFactory())
            .post(_detail(bundle, "pay-deposit"), **_key())
            .status_code
            == 404
        )
        for user in (bundle.assigned_writer, AdminFactory(website=bundle.website)):
            assert (
                api_client_for(user).post(_detail(bundle, "pay-deposit"), **_key()).status_code
                == 403
            )
        assert not OrderPayment.objects.exists()
