"""Demo data, whose users share a published password, stays out of production."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from core.invariants import violations
from order_payments_management.models import PaymentStatus
from orders.models import Order, OrderStatus
from tests.core.subprocesses import REPO

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_in_production_mode(settings):
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.slow
def test_seed_demo_runs_in_production_mode_when_explicitly_allowed(settings):
    settings.DJANGO_ENV = "production"
    call_command("seed_demo", "--allow-production")
    assert User.objects.filter(username="superadmin").exists()


def test_the_compose_file_does_not_suggest_demo_data():
    assert "seed_demo" not in (REPO / "docker-compose.yml").read_text()


@pytest.mark.slow
def test_the_demo_data_keeps_every_money_and_points_invariant():
    call_command("seed_demo")
    started = Order.objects.filter(status=OrderStatus.IN_PROGRESS)
    assert started.exists()
    # Every order under way was paid through a payment, never moved there by hand.
    assert not started.exclude(payments__status=PaymentStatus.COMPLETED).exists()
    assert violations() == []
