"""Demo fine types (global ones and a website override) and fines in every state (idempotent)."""

from decimal import Decimal

from fines.models import Fine, FineBaseAmount, FineCalculation, FineTypeConfig, FineTypeOrigin
from fines.services import (
    fine_appeal_create,
    fine_appeal_uphold,
    fine_issue,
    fine_type_create,
    fine_void,
    fine_waive,
)

GLOBAL_TYPES = (
    {
        "code": "late_delivery",
        "name": "Late delivery",
        "description": "Delivered after the deadline.",
        "calculation": FineCalculation.PERCENTAGE,
        "percentage": Decimal("10.00"),
        "base_amount": FineBaseAmount.WRITER_COMPENSATION,
        "min_amount": Decimal("5.00"),
        "max_amount": Decimal("50.00"),
    },
    {
        "code": "plagiarism",
        "name": "Plagiarism",
        "description": "Work that copies sources without attribution.",
        "calculation": FineCalculation.PERCENTAGE,
        "percentage": Decimal("20.00"),
        "base_amount": FineBaseAmount.TOTAL_PRICE,
        "min_amount": Decimal("20.00"),
    },
    {
        "code": "missed_revision",
        "name": "Missed revision",
        "description": "A requested revision was not delivered.",
        "calculation": FineCalculation.FIXED,
        "amount": Decimal("15.00"),
    },
    {
        "code": "formatting",
        "name": "Formatting ignored",
        "description": "The required citation style or layout was not followed.",
        "calculation": FineCalculation.FIXED,
        "amount": Decimal("5.00"),
    },
)
# The first website charges more for lateness than the global rule.
WEBSITE_OVERRIDE = {
    "code": "late_delivery",
    "name": "Late delivery (strict)",
    "description": "This website's own rule: 15 % of the writer's pay.",
    "calculation": FineCalculation.PERCENTAGE,
    "percentage": Decimal("15.00"),
    "base_amount": FineBaseAmount.WRITER_COMPENSATION,
    "min_amount": Decimal("5.00"),
}
# (index into the website's demo orders, type code, reason, what happens next)
DEMO_FINES = (
    (1, "late_delivery", "Demo: delivered 6 hours after the deadline.", "issued"),
    (3, "missed_revision", "Demo: the second revision was not delivered.", "appealed"),
    (5, "formatting", "Demo: APA style was requested, MLA was used.", "waived"),
    (7, "plagiarism", "Demo: two sections copied without citation.", "upheld"),
    (9, "late_delivery", "Demo: flagged as late by mistake.", "voided"),
)


def _fine_types(first_website) -> None:
    for spec in GLOBAL_TYPES:
        if not FineTypeConfig.objects.filter(website__isnull=True, code=spec["code"]).exists():
            fine_type_create(website=None, origin=FineTypeOrigin.SYSTEM, **spec)
    if not FineTypeConfig.objects.filter(
        website=first_website, code=WEBSITE_OVERRIDE["code"]
    ).exists():
        fine_type_create(website=first_website, **WEBSITE_OVERRIDE)


def _fines(orders, admin) -> None:
    for index, code, reason, outcome in DEMO_FINES:
        if index >= len(orders):
            continue
        order = orders[index]
        if order.writer_id is None or Fine.objects.filter(order=order, reason=reason).exists():
            continue
        fine = fine_issue(order=order, fine_type_code=code, reason=reason, issued_by=admin)
        if outcome in ("appealed", "upheld"):
            appeal = fine_appeal_create(
                fine=fine, writer=order.writer, reason="Demo: the client changed the brief late."
            )
            if outcome == "upheld":
                fine_appeal_uphold(
                    appeal=appeal, decided_by=admin, note="Demo: checked; it stands."
                )
        elif outcome == "waived":
            fine_waive(fine=fine, waived_by=admin, note="Demo: first time, waived.")
        elif outcome == "voided":
            fine_void(fine=fine, voided_by=admin, note="Demo: issued on the wrong order.")


def seed(context: dict) -> None:
    websites = context["websites"]
    if not websites:
        return
    _fine_types(websites[0])
    for website in websites:
        _fines(context["orders"][website.slug], context["admins"][website.slug])
