import pytest

from fines.models import AppealDecision, FineStatus
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.fines.factories import FineAppealFactory
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/fines/appeals/"


def _detail(appeal, action: str = "") -> str:
    return f"{URL}{appeal.pk}/{action + '/' if action else ''}"


def test_an_admin_upholds_an_appeal_and_the_fine_stands(api_client_for):
    appeal = FineAppealFactory()
    admin = AdminFactory(website=appeal.fine.website)

    response = api_client_for(admin).post(_detail(appeal, "uphold"), {"note": "Late is late"})

    assert response.status_code == 200
    body = response.json()
    assert (body["decision"], body["decided_by"], body["decision_note"]) == (
        "upheld",
        admin.pk,
        "Late is late",
    )
    assert (body["fine"]["status"], body["fine"]["is_active"]) == ("upheld", True)


def test_an_admin_waives_on_appeal_and_the_fine_stops_counting(api_client_for):
    appeal = FineAppealFactory()
    response = api_client_for(AdminFactory(website=appeal.fine.website)).post(
        _detail(appeal, "waive")
    )
    assert response.status_code == 200
    assert response.json()["decision"] == "waived"
    assert (response.json()["fine"]["status"], response.json()["fine"]["is_active"]) == (
        "waived",
        False,
    )


@pytest.mark.parametrize("action", ["uphold", "waive"])
def test_a_decided_appeal_cannot_be_decided_again(api_client_for, action):
    appeal = FineAppealFactory(decision=AppealDecision.UPHELD, fine__status=FineStatus.UPHELD)
    response = api_client_for(AdminFactory(website=appeal.fine.website)).post(
        _detail(appeal, action)
    )
    assert (response.status_code, response.json()["code"]) == (409, "appeal_already_decided")
    appeal.refresh_from_db()
    assert appeal.decision == AppealDecision.UPHELD


def test_a_writer_lists_their_own_appeals_but_cannot_decide(api_client_for):
    mine = FineAppealFactory()
    FineAppealFactory(fine__website=mine.fine.website, fine__order__website=mine.fine.website)
    client = api_client_for(mine.fine.writer)
    response = client.get(URL)
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert client.post(_detail(mine, "uphold")).status_code == 403
    assert client.post(_detail(mine, "waive")).status_code == 403


def test_clients_get_403(api_client_for):
    appeal = FineAppealFactory()
    client = api_client_for(ClientFactory(website=appeal.fine.website))
    assert client.get(URL).status_code == 403
    assert client.get(_detail(appeal)).status_code == 403


def test_another_websites_appeal_is_a_404(api_client_for):
    appeal = FineAppealFactory()
    admin = api_client_for(AdminFactory())
    assert admin.get(_detail(appeal)).status_code == 404
    assert admin.post(_detail(appeal, "uphold")).status_code == 404
    assert admin.post(_detail(appeal, "waive")).status_code == 404
    other_writer = api_client_for(WriterFactory(website=appeal.fine.website))
    assert other_writer.get(_detail(appeal)).status_code == 404


def test_the_list_filters_by_decision(api_client_for):
    pending = FineAppealFactory()
    FineAppealFactory(
        fine__website=pending.fine.website,
        fine__order__website=pending.fine.website,
        decision=AppealDecision.WAIVED,
    )
    response = api_client_for(AdminFactory(website=pending.fine.website)).get(
        URL, {"decision": "pending"}
    )
    assert [row["id"] for row in response.json()["results"]] == [pending.pk]


def test_the_list_takes_a_constant_number_of_queries(api_client_for, django_assert_max_num_queries):
    website = WebsiteFactory()
    client = api_client_for(AdminFactory(website=website))
    FineAppealFactory(fine__website=website, fine__order__website=website)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    FineAppealFactory.create_batch(30, fine__website=website, fine__order__website=website)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).json()["count"] == 31
