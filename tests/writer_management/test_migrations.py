"""The checklist's rollback, `migrate writer_management 0001`, and the way forward again."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.writer_management.factories import TipFactory, WriterProfileFactory
from writer_management.models import Tip, WriterLevel, WriterProfile

pytestmark = pytest.mark.django_db(transaction=True)

APP = "writer_management"
ROLLBACK_TARGET = (APP, "0001_initial")


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _app_leaves() -> list[tuple[str, str]]:
    """The newest migration(s) of the app, whatever later releases add after 0002."""
    executor = MigrationExecutor(connection)
    return [node for node in executor.loader.graph.leaf_nodes() if node[0] == APP]


def test_rolling_back_to_0001_keeps_writers_and_forward_restores_the_tip_table():
    profile = WriterProfileFactory(level__name="Senior", level__tip_percentage=Decimal("50"))
    TipFactory(website=profile.website, writer=profile.user, writer_level=profile.level)
    leaves = _app_leaves()
    assert "writer_management_tip" in _tables()

    _migrate([ROLLBACK_TARGET])
    try:
        tables = _tables()
        assert "writer_management_tip" not in tables
        assert "writer_management_tipsettings" not in tables
        assert {"writer_management_writerlevel", "writer_management_writerprofile"} <= tables
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.pen_name, l.name, l.tip_percentage FROM writer_management_writerprofile p"
                " JOIN writer_management_writerlevel l ON l.id = p.level_id"
            )
            assert cursor.fetchall() == [(profile.pen_name, "Senior", Decimal("50.00"))]
    finally:
        _migrate(leaves)

    assert "writer_management_tip" in _tables()
    assert Tip.objects.count() == 0  # the rolled-back table's rows are gone, the table is back
    assert WriterProfile.objects.get().level == WriterLevel.objects.get(name="Senior")
    tip = TipFactory(website=profile.website, writer=profile.user, writer_level=profile.level)
    assert tip.writer_earning == Decimal("12.50")
