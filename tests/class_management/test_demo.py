from decimal import Decimal

import pytest

from class_management import demo
from class_management.models import ClassBundle, ClassBundleStatus, ClassInstallment
from order_payments_management.models import OrderPayment
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.class_management.factories import fund_wallet
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


def _context() -> dict:
    websites = [WebsiteFactory(), WebsiteFactory()]
    clients = {w.slug: ClientFactory.create_batch(3, website=w) for w in websites}
    for batch in clients.values():
        for client in batch:
            fund_wallet(client, Decimal("1500"))
    return {
        "websites": websites,
        "admins": {w.slug: AdminFactory(website=w) for w in websites},
        "writers": {w.slug: WriterFactory.create_batch(2, website=w) for w in websites},
        "clients": clients,
    }


def test_the_demo_seeds_bundles_in_several_states_once():
    context = _context()
    demo.seed(context)
    counts = (ClassBundle.objects.count(), ClassInstallment.objects.count())
    payments = OrderPayment.objects.count()
    demo.seed(context)

    assert (ClassBundle.objects.count(), ClassInstallment.objects.count()) == counts == (6, 14)
    assert OrderPayment.objects.count() == payments == 6
    for website in context["websites"]:
        bundles = ClassBundle.objects.filter(website=website)
        assert sorted(bundles.values_list("status", flat=True)) == [
            ClassBundleStatus.ACTIVE,
            ClassBundleStatus.ACTIVE,
            ClassBundleStatus.DRAFT,
        ]
        installments = ClassInstallment.objects.filter(bundle__website=website)
        assert installments.filter(is_paid=True).count() == 2
        assert installments.filter(is_overdue=True).count() == 1
    assert len(context["class_bundles"][context["websites"][0].slug]) == 3
