"""Django admin of class bundles: prices and paid flags read-only, state moved by actions."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from class_management.services import class_installment_pay
from core.invariants import violations
from tests.accounts.factories import SuperAdminFactory, WriterFactory
from tests.class_management.factories import ClassBundleFactory, active_bundle, fund_wallet

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


def test_every_class_model_has_a_searchable_filterable_admin(admin_site):
    bundle = active_bundle()
    installment = bundle.installments.order_by("installment_number").first()
    pages = {
        "/admin/class_management/classbundle/?q=Statistics&status__exact=active": bundle.title,
        "/admin/class_management/classinstallment/?q=Statistics&is_paid__exact=0": (
            f"/admin/class_management/classinstallment/{installment.pk}/change/"
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


CHANGELIST = "/admin/class_management/classbundle/"


def _act(browser, action: str, rows, changelist: str = CHANGELIST):
    return browser.post(
        changelist,
        {"action": action, ACTION_CHECKBOX_NAME: [row.pk for row in rows], "index": 0},
        follow=True,
    )


def _bundle_form(bundle, **changes) -> dict:
    return {
        "title": bundle.title,
        "course": bundle.course,
        "assigned_writer": bundle.assigned_writer_id,
        "installments-TOTAL_FORMS": "0",
        "installments-INITIAL_FORMS": "0",
        **changes,
    }


def test_a_paid_installment_cannot_be_unticked_or_repriced_in_the_admin(admin_site):
    bundle = active_bundle(deposit_required=Decimal("0.00"))
    installment = bundle.installments.order_by("installment_number").first()
    fund_wallet(bundle.client, Decimal("500.00"))
    class_installment_pay(installment=installment, client=bundle.client)
    amount = installment.amount
    url = f"/admin/class_management/classinstallment/{installment.pk}/change/"
    page = admin_site.get(url).content.decode()
    assert 'name="is_paid"' not in page
    assert 'name="amount"' not in page
    response = admin_site.post(url, {"is_paid": "", "amount": "1.00", "due_date": "2030-01-01"})
    assert response.status_code == 403
    assert admin_site.get("/admin/class_management/classinstallment/add/").status_code == 403
    installment.refresh_from_db()
    assert (installment.is_paid, installment.amount) == (True, amount)
    assert violations() == []


def test_the_bundle_form_changes_title_and_writer_but_never_price_or_status(admin_site):
    bundle = ClassBundleFactory()
    writer = WriterFactory(website=bundle.website)
    response = admin_site.post(
        f"/admin/class_management/classbundle/{bundle.pk}/change/",
        _bundle_form(
            bundle,
            title="Statistics 102",
            assigned_writer=writer.pk,
            total_price="1.00",
            deposit_required="0.00",
            status="completed",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bundle.refresh_from_db()
    assert (bundle.title, bundle.assigned_writer, bundle.status) == (
        "Statistics 102",
        writer,
        "draft",
    )
    assert (bundle.total_price, bundle.deposit_required) == (Decimal("400.00"), Decimal("100.00"))


def test_the_bundle_form_refuses_a_writer_the_service_refuses(admin_site):
    bundle = ClassBundleFactory()
    stranger = WriterFactory()  # another website's writer
    response = admin_site.post(
        f"/admin/class_management/classbundle/{bundle.pk}/change/",
        _bundle_form(bundle, assigned_writer=stranger.pk),
    )
    assert response.status_code == 200
    assert "is not an active writer of this website" in response.content.decode()
    bundle.refresh_from_db()
    assert bundle.assigned_writer_id != stranger.pk


def test_bundles_are_activated_and_cancelled_by_actions_calling_the_services(admin_site):
    draft = ClassBundleFactory(installments_enabled=False)
    paid = active_bundle(deposit_required=Decimal("0.00"))
    fund_wallet(paid.client, Decimal("500.00"))
    class_installment_pay(installment=paid.installments.first(), client=paid.client)

    activated = _act(admin_site, "activate_selected", [draft]).content.decode()
    assert "1 bundle(s) activated." in activated
    draft.refresh_from_db()
    assert draft.status == "active"
    assert draft.installments.count() == 1  # the balance after the deposit, due today

    cancelled = _act(admin_site, "cancel_selected", [draft, paid]).content.decode()
    assert "1 bundle(s) cancelled." in cancelled
    assert f"Not cancelled: #{paid.pk}: A class bundle with payments cannot be cancelled." in (
        cancelled
    )
    draft.refresh_from_db()
    paid.refresh_from_db()
    assert (draft.status, paid.status) == ("cancelled", "active")
    assert violations() == []


def test_a_bundle_form_shown_again_with_errors_has_saved_nothing(admin_site):
    bundle = ClassBundleFactory()
    form = _bundle_form(bundle, title="Renamed")
    del form["installments-TOTAL_FORMS"], form["installments-INITIAL_FORMS"]  # a broken inline
    response = admin_site.post(f"/admin/class_management/classbundle/{bundle.pk}/change/", form)
    assert response.status_code == 200
    bundle.refresh_from_db()
    assert bundle.title != "Renamed"
