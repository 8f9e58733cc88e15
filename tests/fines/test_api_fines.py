import uuid
from decimal import Decimal

import pytest

from fines.models import Fine, FineAppeal, FineStatus
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory, WriterFactory
from tests.fines.factories import FineFactory, FineTypeConfigFactory, GlobalFineTypeConfigFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/fines/fines/"


def _detail(fine, action: str = "") -> str:
    return f"{URL}{fine.pk}/{action + '/' if action else ''}"


def _compensation_url(order) -> str:
    return f"/api/v1/fines/order-compensation/{order.pk}/"


class TestIssue:
    def test_an_admin_fines_the_writer_of_an_order(self, api_client_for):
        order = OrderFactory(writer_compensation=Decimal("70.00"))
        GlobalFineTypeConfigFactory(
            code="late", calculation="percentage", amount=None, percentage=Decimal("12.5")
        )
        admin = AdminFactory(website=order.website)

        response = api_client_for(admin).post(
            URL,
            {"order_id": order.pk, "fine_type_code": "late", "reason": "6 hours late"},
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["amount"] == 8.75
        assert (body["status"], body["is_active"]) == ("issued", True)
        assert body["writer"]["id"] == order.writer_id
        assert body["order"]["order_number"] == order.order_number
        assert (body["issued_by"], body["appeal"]) == (admin.pk, None)

    def test_a_fine_on_another_websites_order_cannot_be_issued(self, api_client_for):
        order = OrderFactory()
        GlobalFineTypeConfigFactory(code="late")
        admin = AdminFactory()

        response = api_client_for(admin).post(
            URL,
            {"order_id": order.pk, "fine_type_code": "late", "reason": "Late"},
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )

        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["order_id"]
        assert not Fine.objects.exists()

    def test_the_writer_must_be_the_orders_writer(self, api_client_for):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        other_writer = WriterFactory(website=order.website)
        response = api_client_for(AdminFactory(website=order.website)).post(
            URL,
            {
                "order_id": order.pk,
                "fine_type_code": fine_type.code,
                "reason": "Late",
                "writer_id": other_writer.pk,
            },
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["writer_id"]

    @pytest.mark.parametrize("field", ["writer_id", "order_id"])
    def test_an_id_of_another_website_reads_exactly_like_an_id_that_does_not_exist(
        self, api_client_for, field
    ):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        elsewhere = OrderFactory()  # its writer and the order itself are another website's
        existing = elsewhere.writer_id if field == "writer_id" else elsewhere.pk
        base = {"order_id": order.pk, "fine_type_code": fine_type.code, "reason": "Late"}
        api = api_client_for(AdminFactory(website=order.website))
        answers = []
        for n, named in enumerate((existing, existing + 10_000)):
            response = api.post(
                URL, {**base, field: named}, format="json", HTTP_IDEMPOTENCY_KEY=f"fine-{n}"
            )
            body = response.json()
            answers.append(
                (response.status_code, body["code"], body["detail"].replace(str(named), "N"))
            )
        assert answers[0] == answers[1]
        assert answers[0][:2] == (400, f"invalid_{field}")
        assert not Fine.objects.exists()

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"order_id": None}, "order_id"),
            ({"order_id": 999999}, "order_id"),
            ({"fine_type_code": "unknown"}, "fine_type_code"),
            ({"reason": ""}, "reason"),
            ({"writer_id": 999999}, "writer_id"),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, api_client_for, payload, field):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        base = {"order_id": order.pk, "fine_type_code": fine_type.code, "reason": "Late"}
        response = api_client_for(AdminFactory(website=order.website)).post(
            URL, {**base, **payload}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )
        assert response.status_code == 400
        assert field in response.json()["errors"]
        assert not Fine.objects.exists()

    @pytest.mark.parametrize("factory", [WriterFactory, ClientFactory])
    def test_only_admins_issue_fines(self, api_client_for, factory):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        response = api_client_for(factory(website=order.website)).post(
            URL,
            {"order_id": order.pk, "fine_type_code": fine_type.code, "reason": "Late"},
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        assert response.status_code == 403

    def test_a_double_submit_with_one_idempotency_key_issues_one_fine(self, api_client_for):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        api = api_client_for(AdminFactory(website=order.website))
        body = {"order_id": order.pk, "fine_type_code": fine_type.code, "reason": "Late"}

        first = api.post(URL, body, HTTP_IDEMPOTENCY_KEY="fine-once")
        second = api.post(URL, body, HTTP_IDEMPOTENCY_KEY="fine-once")

        assert (first.status_code, second.status_code) == (201, 201)
        assert second["Idempotent-Replayed"] == "true"
        assert second.json()["id"] == first.json()["id"]
        assert Fine.objects.filter(order=order).count() == 1

    def test_issuing_a_fine_needs_an_idempotency_key(self, api_client_for):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        response = api_client_for(AdminFactory(website=order.website)).post(
            URL, {"order_id": order.pk, "fine_type_code": fine_type.code, "reason": "Late"}
        )
        assert response.status_code == 400
        assert response.json()["code"] == "idempotency_key_required"
        assert list(response.json()["errors"]) == ["Idempotency-Key"]
        assert not Fine.objects.exists()


class TestRead:
    def test_a_writer_lists_only_their_own_fines(self, api_client_for):
        mine = FineFactory()
        FineFactory(website=mine.website, order__website=mine.website)
        response = api_client_for(mine.writer).get(URL)
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [mine.pk]

    def test_an_admin_lists_their_websites_fines_and_filters_them(self, api_client_for):
        issued = FineFactory()
        waived = FineFactory(
            website=issued.website, order__website=issued.website, status=FineStatus.WAIVED
        )
        FineFactory()
        client = api_client_for(AdminFactory(website=issued.website))
        all_rows = client.get(URL).json()["results"]
        assert {row["id"] for row in all_rows} == {issued.pk, waived.pk}
        only_waived = client.get(URL, {"status": "waived"}).json()["results"]
        assert [row["id"] for row in only_waived] == [waived.pk]

    def test_clients_see_nothing_here(self, api_client_for):
        fine = FineFactory()
        client = api_client_for(fine.order.client)
        assert client.get(URL).status_code == 403
        assert client.get(_detail(fine)).status_code == 403
        assert client.get(_compensation_url(fine.order)).status_code == 403

    def test_another_websites_fine_is_a_404(self, api_client_for):
        fine = FineFactory()
        admin = api_client_for(AdminFactory())
        assert admin.get(_detail(fine)).status_code == 404
        assert admin.post(_detail(fine, "waive")).status_code == 404
        assert admin.post(_detail(fine, "void")).status_code == 404
        other_writer = api_client_for(WriterFactory(website=fine.website))
        assert other_writer.get(_detail(fine)).status_code == 404
        assert other_writer.post(_detail(fine, "appeal"), {"reason": "x"}).status_code == 404

    def test_the_list_takes_a_constant_number_of_queries(
        self, api_client_for, django_assert_max_num_queries
    ):
        website = WebsiteFactory()
        admin = api_client_for(AdminFactory(website=website))
        FineFactory(website=website, order__website=website)
        with django_assert_max_num_queries(10) as few:
            admin.get(URL)
        for fine in FineFactory.create_batch(30, website=website, order__website=website)[:10]:
            FineAppeal.objects.create(fine=fine, reason="No")
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = admin.get(URL)
        assert response.json()["count"] == 31

    def test_a_superadmin_narrows_the_list_to_a_website(self, api_client_for):
        fine = FineFactory()
        FineFactory()
        response = api_client_for(SuperAdminFactory()).get(URL, {"website_id": fine.website_id})
        assert [row["id"] for row in response.json()["results"]] == [fine.pk]


class TestWaiveAndVoid:
    def test_an_admin_waives_a_fine_once(self, api_client_for):
        fine = FineFactory()
        admin = AdminFactory(website=fine.website)
        client = api_client_for(admin)

        response = client.post(_detail(fine, "waive"), {"note": "Extension agreed"})
        again = client.post(_detail(fine, "waive"))

        assert response.status_code == 200
        body = response.json()
        assert (body["status"], body["is_active"], body["waived_by"]) == (
            "waived",
            False,
            admin.pk,
        )
        assert body["resolution_note"] == "Extension agreed"
        assert (again.status_code, again.json()["code"]) == (409, "invalid_fine_transition")

    def test_an_admin_voids_an_issued_fine_but_not_an_appealed_one(self, api_client_for):
        issued = FineFactory()
        appealed = FineFactory(
            website=issued.website, order__website=issued.website, status=FineStatus.APPEALED
        )
        client = api_client_for(AdminFactory(website=issued.website))
        assert client.post(_detail(issued, "void")).json()["status"] == "voided"
        refused = client.post(_detail(appealed, "void"))
        assert refused.status_code == 409
        appealed.refresh_from_db()
        assert appealed.status == FineStatus.APPEALED

    @pytest.mark.parametrize("action", ["waive", "void"])
    def test_writers_cannot_waive_or_void(self, api_client_for, action):
        fine = FineFactory()
        assert api_client_for(fine.writer).post(_detail(fine, action)).status_code == 403


class TestAppeal:
    def test_the_fined_writer_appeals_once_while_issued(self, api_client_for):
        fine = FineFactory()
        client = api_client_for(fine.writer)

        response = client.post(_detail(fine, "appeal"), {"reason": "The client moved it"})
        again = client.post(_detail(fine, "appeal"), {"reason": "Please"})

        assert response.status_code == 201
        body = response.json()
        assert (body["decision"], body["reason"]) == ("pending", "The client moved it")
        assert body["fine"]["status"] == "appealed"
        assert body["fine"]["appeal"]["id"] == body["id"]
        assert again.status_code == 409
        assert FineAppeal.objects.count() == 1

    def test_an_appeal_needs_a_reason(self, api_client_for):
        fine = FineFactory()
        response = api_client_for(fine.writer).post(_detail(fine, "appeal"), {"reason": ""})
        assert response.status_code == 400
        assert "reason" in response.json()["errors"]

    def test_admins_do_not_appeal(self, api_client_for):
        fine = FineFactory()
        response = api_client_for(AdminFactory(website=fine.website)).post(
            _detail(fine, "appeal"), {"reason": "x"}
        )
        assert response.status_code == 403


class TestCompensation:
    def test_the_writer_and_admins_see_the_pay_after_active_fines(self, api_client_for):
        order = OrderFactory(writer_compensation=Decimal("70.00"))
        FineFactory(order=order, amount=Decimal("7.50"))
        FineFactory(order=order, amount=Decimal("20.00"), status=FineStatus.VOIDED)
        for user in (order.writer, AdminFactory(website=order.website)):
            response = api_client_for(user).get(_compensation_url(order))
            assert response.status_code == 200
            body = response.json()
            assert body["writer_compensation"] == 70.0
            assert body["active_fines_total"] == 7.5
            assert body["effective_writer_compensation"] == 62.5
            assert len(body["fines"]) == 2

    def test_waiving_restores_the_pay_the_writer_sees(self, api_client_for):
        fine = FineFactory(amount=Decimal("7.50"))
        api_client_for(AdminFactory(website=fine.website)).post(_detail(fine, "waive"))
        body = api_client_for(fine.writer).get(_compensation_url(fine.order)).json()
        assert body["effective_writer_compensation"] == 70.0

    def test_another_websites_order_and_another_writers_order_are_404(self, api_client_for):
        order = OrderFactory()
        assert api_client_for(AdminFactory()).get(_compensation_url(order)).status_code == 404
        other_writer = WriterFactory(website=order.website)
        assert api_client_for(other_writer).get(_compensation_url(order)).status_code == 404

    def test_it_takes_a_constant_number_of_queries(
        self, api_client_for, django_assert_max_num_queries
    ):
        order = OrderFactory()
        client = api_client_for(order.writer)
        FineFactory(order=order)
        with django_assert_max_num_queries(10) as few:
            client.get(_compensation_url(order))
        for fine in FineFactory.create_batch(30, order=order)[:10]:
            FineAppeal.objects.create(fine=fine, reason="No")
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get(_compensation_url(order)).json()["fines"]) == 31
