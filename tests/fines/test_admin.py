"""Django admin of fines: amounts and statuses read-only, moved by actions calling services."""

import html
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from fines.models import FineTypeConfig
from tests.accounts.factories import SuperAdminFactory
from tests.fines.factories import FineAppealFactory, FineFactory, FineTypeConfigFactory
from tests.websites.factories import WebsiteFactory

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


def _act(browser, changelist: str, action: str, rows, **extra) -> str:
    response = browser.post(
        changelist,
        {"action": action, ACTION_CHECKBOX_NAME: [row.pk for row in rows], "index": 0, **extra},
        follow=True,
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_fines_amount_and_status_cannot_be_changed_in_the_admin(admin_site):
    fine = FineFactory()
    url = f"/admin/fines/fine/{fine.pk}/change/"
    page = admin_site.get(url).content.decode()
    assert 'name="amount"' not in page
    assert 'name="status"' not in page
    response = admin_site.post(url, {"amount": "0.00", "status": "voided", "reason": "x"})
    assert response.status_code == 403
    assert admin_site.get("/admin/fines/fine/add/").status_code == 403
    appeal = FineAppealFactory()
    response = admin_site.post(
        f"/admin/fines/fineappeal/{appeal.pk}/change/", {"decision": "waived", "reason": "x"}
    )
    assert response.status_code == 403
    fine.refresh_from_db()
    appeal.refresh_from_db()
    assert (fine.amount, fine.status, appeal.decision) == (Decimal("10.00"), "issued", "pending")


def test_fines_are_waived_and_voided_by_actions_calling_the_services(admin_site):
    issued, to_void = FineFactory(), FineFactory()
    appealed = FineAppealFactory().fine
    changelist = "/admin/fines/fine/"
    form = _act(admin_site, changelist, "waive_selected", [issued, appealed])
    assert 'name="note"' in form
    waived = _act(
        admin_site, changelist, "waive_selected", [issued, appealed], apply="1", note="Goodwill"
    )
    assert "2 fine(s) waived." in waived
    voided = _act(admin_site, changelist, "void_selected", [to_void, issued], apply="1", note="")
    content = voided
    assert "1 fine(s) voided." in content
    assert f"Not voided: #{issued.pk}: Cannot move this fine from 'waived' to 'voided'." in content
    for fine in (issued, appealed, to_void):
        fine.refresh_from_db()
    assert (issued.status, appealed.status, to_void.status) == ("waived", "waived", "voided")
    assert issued.resolution_note == "Goodwill"
    assert appealed.appeal.decision == "waived"


def test_appeals_are_decided_by_actions_calling_the_services(admin_site):
    upheld, granted = FineAppealFactory(), FineAppealFactory()
    changelist = "/admin/fines/fineappeal/"
    response = _act(admin_site, changelist, "uphold_selected", [upheld], apply="1", note="Late")
    assert "1 appeal(s) upheld." in response
    response = _act(admin_site, changelist, "waive_selected", [granted, upheld], apply="1")
    content = response
    assert "1 appeal(s) granted." in content
    assert f"Not granted: #{upheld.pk}" in content
    upheld.refresh_from_db()
    granted.refresh_from_db()
    assert (upheld.decision, upheld.fine.status) == ("upheld", "upheld")
    assert (granted.decision, granted.fine.status) == ("waived", "waived")


def test_a_fine_type_the_api_would_refuse_is_refused_in_the_admin(admin_site):
    website = WebsiteFactory()
    data = {
        "website": website.pk,
        "code": "late-delivery",
        "name": "Late delivery",
        "description": "",
        "calculation": "fixed",
        "amount": "",
        "percentage": "",
        "base_amount": "writer_compensation",
        "min_amount": "",
        "max_amount": "",
        "is_active": "on",
    }
    refused = admin_site.post("/admin/fines/finetypeconfig/add/", data)
    assert refused.status_code == 200
    assert "A fixed fine type needs an amount." in refused.content.decode()
    assert not FineTypeConfig.objects.filter(code="late-delivery").exists()
    created = admin_site.post("/admin/fines/finetypeconfig/add/", {**data, "amount": "12.50"})
    assert created.status_code == 302, created.content.decode()[:3000]
    fine_type = FineTypeConfig.objects.get(code="late-delivery")
    assert (fine_type.website, fine_type.amount, fine_type.origin) == (
        website,
        Decimal("12.50"),
        "admin",
    )


def test_fine_types_are_deleted_through_the_service_which_keeps_system_types(admin_site):
    unused = FineTypeConfigFactory()
    system = FineTypeConfigFactory(origin="system")
    response = admin_site.post(
        f"/admin/fines/finetypeconfig/{system.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert "Not deleted:" in response.content.decode()
    assert FineTypeConfig.objects.filter(pk=system.pk).exists()
    deleted = admin_site.post(f"/admin/fines/finetypeconfig/{unused.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not FineTypeConfig.objects.filter(pk=unused.pk).exists()
