"""The benchmark command guards every database but its own."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_benchmark_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match="_bench"):
        call_command("bench_tips", "--reuse")
