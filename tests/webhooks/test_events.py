"""Every event type is emitted by the change it names, in that change's transaction, with a
payload of the event's own website only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from approvals.services import (
    adjustment_approve,
    adjustment_reject,
    adjustment_request,
    adjustments_expire,
)
from class_management.services import class_installment_pay, installments_mark_overdue
from core.outbox import EVENT_TYPES
from fines.services import fine_appeal_uphold
from loyalty_management.services import (
    loyalty_milestone_create,
    loyalty_settings_update,
    loyalty_tier_create,
    points_award,
    points_expire,
    redemption_cancel,
    redemption_create,
    redemption_fulfill,
    redemption_reject,
    redemptions_sla_breach,
)
from tests.hardening.world import B_MARKER, build_world
from webhooks.models import WebhookEvent
from writer_management.services import tip_refund

pytestmark = pytest.mark.django_db


def test_every_event_type_is_emitted_by_its_change_and_carries_only_its_website():
    with TestCase.captureOnCommitCallbacks(execute=True):
        world = build_world()
    a, admin = world.a, world.a.admin
    with TestCase.captureOnCommitCallbacks(execute=True):
        tip_refund(tip=a.tip, refunded_by=admin, reason="Disputed")
        redemption_fulfill(redemption=a.redemption_approved, fulfilled_by=admin)
        redemption_reject(redemption=a.redemption, rejected_by=admin, reason="Sold out")
        redemption_cancel(
            redemption=redemption_create(client=a.client, item_id=a.item.pk),
            cancelled_by=a.client,
        )
        loyalty_tier_create(website=a.website, name="Silver", rank=2, min_lifetime_points=100)
        loyalty_milestone_create(
            website=a.website,
            name="First points",
            kind="lifetime_points",
            threshold=Decimal("1"),
            badge=a.badge_spare,
        )
        points_award(client=a.client, points=10, reason="Kind", awarded_by=admin)
        redemption_create(client=a.client, item_id=a.item_spare.pk)  # left for review
        loyalty_settings_update(website=a.website, points_expiry_months=1)
        points_expire(now=timezone.now() + timedelta(days=400))
        fine_appeal_uphold(appeal=a.appeal, decided_by=admin, note="Checked")
        class_installment_pay(installment=a.installment, client=a.client)
        installments_mark_overdue(today=timezone.now().date() + timedelta(days=400))
        adjustment_approve(adjustment=a.adjustment, approved_by=admin)
        for _ in range(2):
            waiting = adjustment_request(
                website_id=a.website.pk,
                kind="points_award",
                target=a.client,
                points=5,
                reason="Kind",
                requested_by=a.admin_spare,
            )
        adjustment_reject(adjustment=waiting, rejected_by=admin)
        adjustments_expire(now=timezone.now() + timedelta(days=30))
        redemptions_sla_breach(now=timezone.now() + timedelta(days=2))
    events = WebhookEvent.objects.filter(website=a.website)
    assert set(events.values_list("type", flat=True)) == set(EVENT_TYPES)
    for event in events:
        assert B_MARKER.lower() not in str(event.payload).lower(), event.type
    b_types = set(
        WebhookEvent.objects.filter(website=world.b.website).values_list("type", flat=True)
    )
    assert "tip.refunded" not in b_types  # only A's tip was refunded
