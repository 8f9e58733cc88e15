import pytest
from django.test import Client

from tests.accounts.factories import SuperAdminFactory
from tests.class_management.factories import active_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


def test_every_class_model_has_a_searchable_filterable_admin(admin_site):
    bundle = active_bundle()
    installment = bundle.installments.first()
    pages = {
        "/admin/class_management/classbundle/?q=Statistics&status__exact=active": bundle.title,
        "/admin/class_management/classinstallment/?q=Statistics&is_paid__exact=0": (
            f"Installment 1 of bundle {bundle.pk}"
        ),
    }
    for url, expected in pages.items():
        response = admin_site.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
    for url in (
        f"/admin/class_management/classbundle/{bundle.pk}/change/",
        f"/admin/class_management/classinstallment/{installment.pk}/change/",
    ):
        assert admin_site.get(url).status_code == 200, url
