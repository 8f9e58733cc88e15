"""The Django admin lists users (with role and website), websites and orders."""

import pytest
from django.test import Client

from accounts.models import Role, User
from tests.accounts.factories import SuperAdminFactory, WriterFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site_client():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/?q=writer&role__exact=writer",
        "/admin/accounts/user/add/",
        "/admin/websites/website/",
        "/admin/websites/website/?q=example&is_active__exact=1",
        "/admin/websites/website/add/",
        "/admin/orders/order/",
        "/admin/orders/order/?q=ORD&status__exact=unpaid",
    ],
)
def test_admin_pages_answer_for_a_superuser(admin_site_client, url):
    OrderFactory()
    response = admin_site_client.get(url)
    assert response.status_code == 200


def test_the_user_list_shows_role_and_website(admin_site_client):
    writer = WriterFactory()
    html = admin_site_client.get("/admin/accounts/user/").content.decode()
    assert "column-role" in html
    assert "column-website" in html
    assert writer.website.name in html


def test_change_pages_answer_for_each_model(admin_site_client):
    order = OrderFactory()
    for url in (
        f"/admin/accounts/user/{order.writer_id}/change/",
        f"/admin/websites/website/{order.website_id}/change/",
        f"/admin/orders/order/{order.pk}/change/",
    ):
        assert admin_site_client.get(url).status_code == 200, url


def test_a_user_added_in_the_admin_gets_role_and_website(admin_site_client):
    website = WebsiteFactory()
    response = admin_site_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new_writer",
            "email": "new_writer@example.com",
            "role": Role.WRITER,
            "website": website.pk,
            "usable_password": "true",
            "password1": "a-long-unusual-passphrase-91",
            "password2": "a-long-unusual-passphrase-91",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new_writer")
    assert (user.role, user.website_id) == (Role.WRITER, website.pk)
    assert user.check_password("a-long-unusual-passphrase-91")


def test_a_writer_without_a_website_is_refused_in_the_admin(admin_site_client):
    response = admin_site_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "homeless",
            "email": "homeless@example.com",
            "role": Role.WRITER,
            "usable_password": "true",
            "password1": "a-long-unusual-passphrase-91",
            "password2": "a-long-unusual-passphrase-91",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="homeless").exists()


@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_every_admin_page_names_the_currency_of_its_amounts(admin_site_client, settings, currency):
    settings.CURRENCY = currency
    for url in ("/admin/", "/admin/orders/order/"):
        page = admin_site_client.get(url).content.decode()
        assert f"Writing System administration (amounts in {currency})" in page
