import pytest
from django.db import transaction

from core.transactions import on_commit_once

pytestmark = pytest.mark.django_db(transaction=True)


class _RolledBack(Exception):
    pass


def _schedule_then_roll_back(calls: list, label: str) -> None:
    try:
        with transaction.atomic():
            on_commit_once("day-1", lambda: calls.append(label))
            raise _RolledBack
    except _RolledBack:
        pass


def test_outside_a_transaction_the_callback_runs_at_once():
    calls = []
    on_commit_once("k", lambda: calls.append("k"))
    assert calls == ["k"]


def test_one_callback_per_key_runs_after_commit():
    calls = []
    with transaction.atomic():
        for _ in range(3):
            on_commit_once("day-1", lambda: calls.append("day-1"))
        on_commit_once("day-2", lambda: calls.append("day-2"))
        assert calls == []
    assert calls == ["day-1", "day-2"]


def test_a_rolled_back_transaction_runs_nothing_and_the_next_one_runs_its_keys():
    calls = []
    _schedule_then_roll_back(calls, "first")
    assert calls == []
    with transaction.atomic():
        on_commit_once("day-1", lambda: calls.append("second"))
    assert calls == ["second"]


def test_a_key_scheduled_in_a_rolled_back_savepoint_still_runs_when_scheduled_again():
    calls = []
    with transaction.atomic():
        _schedule_then_roll_back(calls, "in savepoint")
        on_commit_once("day-1", lambda: calls.append("after"))
    assert calls == ["after"]


def test_each_transaction_runs_its_own_keys():
    calls = []
    for number in range(2):
        with transaction.atomic():
            on_commit_once("day-1", lambda number=number: calls.append(number))
    assert calls == [0, 1]
