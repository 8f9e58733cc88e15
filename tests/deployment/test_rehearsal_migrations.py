"""Migrations under load in a release rehearsal: a migration that blocks requests is named.

The fixture (`tests/deployment/fixtures/blocking_release`) is a one-app project whose second
migration rewrites its table under an exclusive lock held for two seconds. Its migrations run
in a real `manage.py migrate` process, as the rehearsal runs them, against a scratch database
while a "request" reads the table.
"""

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from deployment import postgres
from deployment.rehearsal.migrating import migrate_forward, rollback_commands
from deployment.rehearsal.releases import Release

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "blocking_release"
BLOCKING = "blocker.0002_rewrite_under_lock"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def scratch():
    settings_dict = postgres.settings_for()
    with postgres.scratch_database(settings_dict, "rehearsal") as name:

        def connect():
            return postgres.connected(settings_dict, name)

        env = {
            **os.environ,  # noqa: TID251 - the fixture project is configured by variables
            "DJANGO_SETTINGS_MODULE": "fixture_settings",
            "DATABASE_URL": postgres.database_url(settings_dict, name),
        }
        release = Release(label="fixture", root=FIXTURE, python=Path(sys.executable))
        release.manage("migrate", "blocker", "0001", env=env)
        yield release, env, connect, name


def _reading(connect, stop: threading.Event, *, hold_share_lock: bool = False) -> threading.Thread:
    """A request that reads the table again and again (or holds a read lock until `stop`)."""

    def run():
        with connect() as connection, connection.cursor() as cursor:
            if hold_share_lock:
                cursor.execute("LOCK TABLE blocker_note IN ACCESS SHARE MODE")
                stop.wait(10)
                connection.rollback()
                return
            connection.autocommit = True
            while not stop.is_set():
                cursor.execute("SELECT count(*) FROM blocker_note")
                time.sleep(0.02)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_migration_that_makes_requests_wait_past_the_budget_fails_named(scratch, settings):
    release, env, connect, name = scratch
    settings.REHEARSAL_LOCK_WAIT_BUDGET_MS = 500
    stop = threading.Event()
    reader = _reading(connect, stop)
    try:
        runs = migrate_forward(release, env, connect=connect, database=name)
    finally:
        stop.set()
        reader.join(timeout=10)
    assert [run.migration for run in runs] == [BLOCKING]
    assert runs[0].failed
    assert runs[0].worst_lock_wait_ms > 500
    assert BLOCKING in runs[0].error
    assert "wait" in runs[0].error


def test_a_migration_that_cannot_get_its_lock_in_time_fails_named(scratch, settings):
    release, env, connect, name = scratch
    settings.MIGRATION_LOCK_TIMEOUT_MS = 300
    stop = threading.Event()
    holder = _reading(connect, stop, hold_share_lock=True)
    time.sleep(0.3)
    try:
        runs = migrate_forward(release, env, connect=connect, database=name)
    finally:
        stop.set()
        holder.join(timeout=10)
    assert runs[0].failed
    assert BLOCKING in runs[0].error
    assert "lock or statement budget" in runs[0].error
    assert "lock timeout" in runs[0].error


def test_a_harmless_migration_passes_and_is_timed(scratch, settings):
    release, env, connect, name = scratch
    settings.REHEARSAL_LOCK_WAIT_BUDGET_MS = 10_000  # nobody reads the table meanwhile
    runs = migrate_forward(release, env, connect=connect, database=name)
    assert not runs[0].failed, runs[0].error
    assert runs[0].seconds >= 2  # the fixture's two seconds under the lock


def test_rollback_commands_take_only_the_projects_apps_back():
    applied = {"auth": "0012_x", "tip_stats": "0003_y", "newapp": "0001_z", "orders": "0002_w"}
    previous = {"tip_stats": "0002_v", "orders": "0002_w"}
    project = {"tip_stats", "newapp", "orders"}
    assert rollback_commands(applied, previous, project) == [
        ("newapp", "zero"),
        ("tip_stats", "0002_v"),
    ]


def test_the_default_previous_release_is_one_migration_change_behind():
    from deployment.rehearsal.releases import latest_migrations, previous_release

    previous = previous_release()
    assert latest_migrations(previous) != latest_migrations("HEAD")
    # Test fixtures' migrations are no release's: the fixture above is not among the apps.
    assert "blocker" not in latest_migrations("HEAD")


def test_a_rehearsal_refuses_a_live_database_name_and_a_corrupted_backup(tmp_path):
    from deployment.rehearsal.run import RehearsalError, rehearse

    with pytest.raises(RehearsalError, match="ends in _rehearsal"):
        rehearse(database="writing_system", backup=None, ref=None, phase_seconds=1)
    dump = tmp_path / "writing_system_20260101T000000000Z.dump"
    dump.write_bytes(b"not a dump")
    (tmp_path / f"{dump.name}.sha256").write_text("0" * 64 + "  x\n")
    (tmp_path / f"{dump.name}.manifest.json").write_text("{}")
    with pytest.raises(RehearsalError, match="checksum"):
        rehearse(database="x_rehearsal", backup=dump, ref=None, phase_seconds=1)
