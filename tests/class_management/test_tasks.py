from datetime import timedelta
from decimal import Decimal

import pytest

from class_management.models import ClassInstallment
from class_management.tasks import installments_mark_overdue_task
from config.celery import app
from tests.class_management.factories import active_bundle

pytestmark = pytest.mark.django_db


def test_the_beat_task_is_registered_under_its_scheduled_name():
    assert "class_management.installments_mark_overdue_task" in app.tasks


def test_the_task_marks_overdue_installments_and_is_safe_to_run_twice():
    bundle = active_bundle(deposit_required=Decimal("0"), count=2, interval_days=7)
    ClassInstallment.objects.filter(bundle=bundle, installment_number=1).update(
        due_date=bundle.installments.get(installment_number=1).due_date - timedelta(days=30)
    )
    assert installments_mark_overdue_task.delay().get() == 1
    assert installments_mark_overdue_task.delay().get() == 0
    assert bundle.installments.filter(is_overdue=True).count() == 1
