"""Demo class bundles: paid in part, one with an overdue installment, one draft (idempotent).

Clients pay from the wallets the payments demo funded.
"""

from datetime import timedelta
from decimal import Decimal

from class_management.models import ClassBundle
from class_management.services import (
    class_bundle_activate,
    class_bundle_create,
    class_bundle_deposit_pay,
    class_bundle_installments_split,
    class_installment_pay,
    installments_mark_overdue,
)
from core.reporting import reporting_today
from order_payments_management.exceptions import InsufficientFunds

# (client index, title, course, total, deposit, count, interval days, first due in days,
#  installments to pay; None = leave as a draft)
DEMO_BUNDLES = (
    (0, "Statistics 101, spring term", "STAT 101", "600.00", "150.00", 3, 30, 30, 1),
    (1, "Organic chemistry lab reports", "CHEM 210", "450.00", "0.00", 4, 14, -21, 1),
    (2, "Thesis coaching", "THESIS", "900.00", "200.00", None, None, None, None),
)


def _bundle(website, admin, client, writer, spec) -> ClassBundle:
    _index, title, course, total, deposit, count, interval, first_due_in, paid = spec
    bundle = ClassBundle.objects.filter(website=website, client=client, title=title).first()
    if bundle is not None:
        return bundle
    bundle = class_bundle_create(
        website=website,
        client=client,
        assigned_writer=writer,
        title=title,
        course=course,
        total_price=Decimal(total),
        deposit_required=Decimal(deposit),
        created_by=admin,
    )
    if count is None:
        return bundle
    class_bundle_installments_split(
        bundle=bundle,
        count=count,
        interval_days=interval,
        first_due_date=reporting_today() + timedelta(days=first_due_in),
    )
    bundle = class_bundle_activate(bundle=bundle)
    try:
        if bundle.deposit_required > 0:
            bundle = class_bundle_deposit_pay(bundle=bundle, client=client)
        for installment in bundle.installments.order_by("installment_number")[:paid]:
            class_installment_pay(installment=installment, client=client)
    except InsufficientFunds:
        pass  # the demo wallet ran dry: the bundle stays partly paid
    return bundle


def seed(context: dict) -> None:
    context["class_bundles"] = {}
    for website in context["websites"]:
        slug = website.slug
        clients, writers = context["clients"][slug], context["writers"][slug]
        context["class_bundles"][slug] = [
            _bundle(
                website,
                context["admins"][slug],
                clients[spec[0] % len(clients)],
                writers[spec[0] % len(writers)],
                spec,
            )
            for spec in DEMO_BUNDLES
        ]
        installments_mark_overdue(website_id=website.pk)
