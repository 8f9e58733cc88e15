"""`?cursor=`: keyset pages beside limit/offset, on the lists that grow without bound."""

import pytest

from tests.writer_management.factories import TipFactory
from writer_management.models import Tip

pytestmark = pytest.mark.django_db

TIPS = "/api/v1/writer-management/tips/"


def _walk(api, url):
    """Follow `next` from `url`; return every page's ids."""
    pages = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        pages.append([row["id"] for row in body["results"]])
        url = body["next"]
    return pages


@pytest.fixture
def tips(world):
    # Three tips share one moment: the cursor's offset must tell them apart.
    rows = [
        TipFactory(website=world.website, client=world.client, writer=world.writer)
        for _ in range(7)
    ]
    same = rows[0].sent_at
    Tip.objects.filter(pk__in=[rows[1].pk, rows[2].pk]).update(sent_at=same)
    return rows


def test_cursor_pages_cover_the_list_once_in_its_order(api_client_for, world, tips):
    api = api_client_for(world.admin)
    offset_ids = [row["id"] for row in api.get(f"{TIPS}?limit=100").json()["results"]]

    pages = _walk(api, f"{TIPS}?cursor=&limit=3")

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [tip_id for page in pages for tip_id in page] == offset_ids


def test_previous_goes_back_to_the_same_page(api_client_for, world, tips):
    api = api_client_for(world.admin)
    first = api.get(f"{TIPS}?cursor=&limit=3").json()
    second = api.get(first["next"]).json()
    assert first["previous"] is None
    back = api.get(second["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


def test_limit_and_offset_keep_their_count(api_client_for, world, tips):
    body = api_client_for(world.admin).get(f"{TIPS}?limit=2&offset=2").json()
    assert body["count"] == 7
    assert len(body["results"]) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("cursor=not-base64!", "cursor"),
        ("cursor=cD1ub3QtYS1kYXRl", "cursor"),  # p=not-a-date: decodes, fits no timestamp
        ("cursor=&offset=10", "offset"),
        ("cursor=&limit=ten", "limit"),
    ],
)
def test_a_bad_cursor_or_a_cursor_with_offset_is_400_naming_the_field(
    api_client_for, world, tips, query, field
):
    response = api_client_for(world.admin).get(f"{TIPS}?{query}")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/orders/",
        "/api/v1/order-payments/payments/",
        "/api/v1/loyalty-management/redemption-requests/",
    ],
)
def test_the_other_growing_lists_page_by_cursor_too(api_client_for, world, url):
    response = api_client_for(world.admin).get(f"{url}?cursor=&limit=5")
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"next", "previous", "results"}
