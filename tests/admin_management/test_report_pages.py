"""The Django admin's report pages: staff only, a website's admin sees their website only."""

import pytest
from django.test import Client

from accounts.models import User
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory

pytestmark = pytest.mark.django_db

PAGES = ("/admin/reports/tips/", "/admin/reports/loyalty/")


def _browser(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize("path", PAGES)
def test_superadmins_read_every_website_or_one(path):
    other = ClientFactory().website
    browser = _browser(SuperAdminFactory())
    assert browser.get(path).status_code == 200
    assert browser.get(path, {"website_id": other.pk}).status_code == 200
    assert browser.get(path, {"website_id": 10**12}).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_a_website_admin_with_a_staff_flag_sees_their_website_only(path):
    admin = AdminFactory()
    User.objects.filter(pk=admin.pk).update(is_staff=True)  # set by hand, never by the app
    admin.refresh_from_db()
    other = ClientFactory().website
    browser = _browser(admin)
    response = browser.get(path)
    assert response.status_code == 200
    assert response.context["website_id"] == admin.website_id
    assert browser.get(path, {"website_id": other.pk}).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_people_who_are_not_staff_are_sent_to_the_login(path):
    response = _browser(ClientFactory()).get(path)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_index_links_both_pages():
    html = _browser(SuperAdminFactory()).get("/admin/").content.decode()
    assert 'href="/admin/reports/tips/"' in html
    assert 'href="/admin/reports/loyalty/"' in html
