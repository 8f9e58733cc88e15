"""Query values every list shares: pages, filters, `website_id`. Misread values are a 400."""

import pytest

from tests.accounts.factories import AdminFactory, ClientFactory
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"
# "\u0661" is 1 in Arabic-Indic digits, "\uff11" in full-width ones, "\u0663" is 3.


@pytest.fixture
def admin_api(api_client_for):
    admin = AdminFactory()
    for _ in range(3):
        OrderFactory(website=admin.website, client=ClientFactory(website=admin.website))
    return api_client_for(admin)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("limit", "abc"),
        ("limit", "\u0661\u0662"),
        ("limit", "1_0"),
        ("offset", "x"),
        ("offset", "\u0663"),
        ("offset", "1.5"),
    ],
)
def test_a_page_parameter_that_is_not_an_ascii_integer_is_a_400_naming_it(admin_api, name, value):
    response = admin_api.get(ORDERS, {name: value})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {name}


def test_page_parameters_out_of_range_are_clamped(admin_api):
    assert len(admin_api.get(ORDERS, {"limit": 0}).json()["results"]) == 1
    assert len(admin_api.get(ORDERS, {"limit": 10**30}).json()["results"]) == 3
    assert len(admin_api.get(ORDERS, {"offset": -5}).json()["results"]) == 3
    far = admin_api.get(ORDERS, {"offset": 10**30, "limit": 2})
    assert far.status_code == 200
    assert far.json()["results"] == []


def test_an_empty_page_parameter_counts_as_not_given(admin_api):
    response = admin_api.get(ORDERS, {"limit": "", "offset": ""})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (ORDERS, "client_id"),  # a declared NumberFilter
        ("/api/v1/loyalty-management/redemption-requests/", "item"),  # a foreign key filter
        ("/api/v1/class-management/installments/", "bundle_id"),
    ],
)
@pytest.mark.parametrize("value", ["\u0661", "\uff11", "1_0"])
def test_a_filter_number_in_other_digits_is_a_400_naming_it(api_client_for, path, name, value):
    response = api_client_for(AdminFactory()).get(path, {name: value})
    assert response.status_code == 400
    assert response.json()["errors"] == {name: ["Write numbers with the digits 0-9."]}


def test_a_filter_number_in_ascii_digits_still_filters(admin_api):
    response = admin_api.get(ORDERS, {"client_id": "999999999999999999999999"})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("value", ["maybe", "yes", "2x"])
def test_a_boolean_filter_it_cannot_read_is_a_400_naming_it(api_client_for, value):
    response = api_client_for(AdminFactory()).get("/api/v1/users/", {"is_active": value})
    assert response.status_code == 400
    assert response.json()["errors"] == {"is_active": ["Must be true or false."]}


@pytest.mark.parametrize("value", ["true", "false", "True", ""])
def test_a_boolean_filter_reads_true_false_and_empty(api_client_for, value):
    response = api_client_for(AdminFactory()).get("/api/v1/users/", {"is_active": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["\u0661", "\uff11", "1_0"])
def test_a_website_id_in_other_digits_is_a_400(api_client_for, value):
    response = api_client_for(AdminFactory()).get(ORDERS, {"website_id": value})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"website_id"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/orders/{pk}/",
        "/api/v1/order-payments/wallets/{pk}/transactions/",
        "/api/v1/writer-management/tips/{pk}/",
    ],
)
def test_an_id_in_a_path_written_in_other_digits_is_a_404(api_client_for, path):
    order = OrderFactory()
    api = api_client_for(AdminFactory(website=order.website))
    # "\u0661" is 1 in Arabic-Indic digits; the database lookup would read it as 1.
    arabic = "".join(chr(0x0660 + int(digit)) for digit in str(order.pk))
    response = api.get(path.format(pk=arabic))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("pk", [2**63, 10**30])
def test_an_id_in_a_path_past_a_bigint_is_a_404(api_client_for, pk):
    response = api_client_for(AdminFactory()).get(f"{ORDERS}{pk}/")
    assert response.status_code == 404
