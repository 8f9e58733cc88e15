import pytest
from django.test import Client

from tests.accounts.factories import SuperAdminFactory
from tests.fines.factories import FineAppealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


def test_every_fines_model_has_a_searchable_filterable_admin(admin_site):
    appeal = FineAppealFactory()
    fine = appeal.fine
    pages = {
        "/admin/fines/finetypeconfig/?q=fine&calculation__exact=fixed&is_active__exact=1": (
            fine.fine_type.code
        ),
        f"/admin/fines/fine/?q={fine.order.order_number}&status__exact=appealed": (
            f"Fine {fine.pk} on order"
        ),
        "/admin/fines/fineappeal/?decision__exact=pending": f"Appeal on fine {fine.pk}",
    }
    for url, expected in pages.items():
        response = admin_site.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
    for url in (
        f"/admin/fines/finetypeconfig/{fine.fine_type_id}/change/",
        f"/admin/fines/fine/{fine.pk}/change/",
        f"/admin/fines/fineappeal/{appeal.pk}/change/",
    ):
        assert admin_site.get(url).status_code == 200, url
