"""backup_db, verify_backup and restore_db against scratch PostgreSQL databases (child processes)."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from deployment import backups
from deployment.backups import backups_in, checksum_path, manifest_path, prune
from tests.core.subprocesses import explain, manage, project_env
from tests.deployment.conftest import command, databases_named, scratch_connection, sql

pytestmark = pytest.mark.slow


def add_rows(database: str) -> None:
    """A website, two users and an order: rows in a plain and in a money table."""
    sql(
        database,
        "INSERT INTO websites_website (name, domain, slug, is_active, created_at, updated_at) "
        "VALUES ('Backup test', 'backup.example.com', 'backup', true, now(), now())",
    )
    for username, role in (("bk_client", "client"), ("bk_writer", "writer")):
        sql(
            database,
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined, role, website_id, updated_at) "
            "SELECT '!', false, %s, '', '', %s, false, true, now(), %s, id, now() "
            "FROM websites_website WHERE slug = 'backup'",
            [username, f"{username}@example.com", role],
        )
    sql(
        database,
        "INSERT INTO orders_order (website_id, order_number, title, client_id, writer_id, status,"
        " total_price, writer_compensation, created_at, updated_at) "
        "SELECT w.id, 'BK-1', 'Backup order', c.id, r.id, 'unpaid', 120.00, 70.00, now(), now()"
        " FROM websites_website w, accounts_user c, accounts_user r"
        " WHERE w.slug = 'backup' AND c.username = 'bk_client' AND r.username = 'bk_writer'",
    )


@pytest.fixture
def database(migrated_template, scratch_copy, alias_for):
    """A scratch database with a few rows; its alias is registered for in-process commands."""
    name = scratch_copy(migrated_template)
    add_rows(name)
    alias_for(name)
    return name


def on(database: str, name: str, *args: str) -> tuple[int, str, str]:
    return command(name, *args, "--database", f"scratch_{database}")


def backup(database: str, directory: Path, *extra: str) -> tuple[int, str, str]:
    return on(database, "backup_db", "--output-dir", str(directory), *extra)


def only_newest(directory: Path) -> Path:
    return sorted(directory.glob("*.dump"))[-1]


def only_dump(directory: Path) -> Path:
    dumps = sorted(directory.glob("*.dump"))
    assert len(dumps) == 1, dumps
    return dumps[0]


def test_backup_writes_dump_checksum_and_manifest_that_verify(database, tmp_path):
    code, _, error = backup(database, tmp_path)
    assert code == 0, error
    dump = only_dump(tmp_path)
    assert dump.name.startswith(f"{database}_")
    assert dump.stat().st_size > 0
    digest = hashlib.sha256(dump.read_bytes()).hexdigest()
    assert checksum_path(dump).read_text() == f"{digest}  {dump.name}\n"
    manifest = json.loads(manifest_path(dump).read_text())
    assert manifest["dump_sha256"] == digest
    assert manifest["tables"]["orders_order"] == 1
    assert manifest["tables"]["accounts_user"] == 2
    assert manifest["applied_migrations"]["orders"].startswith("0002")
    # Money and points tables are checksummed whether or not they have rows yet.
    assert "order_payments_management_wallet" in manifest["checksums"]
    assert all(not name.startswith("orders_") for name in manifest["checksums"])

    code, out, error = on(database, "verify_backup", str(dump))
    assert code == 0, out + error
    assert "✓ checksum (SHA-256) matches" in out
    assert "✓ row counts and money/points checksums match the manifest" in out
    assert databases_named(f"{database}_verify_") == []


def test_retention_keeps_the_newest_backups_and_leaves_other_files(database, tmp_path):
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("keep me")
    made = []
    for _ in range(3):
        code, out, error = backup(database, tmp_path, "--keep", "2")
        assert code == 0, error
        made.append(only_newest(tmp_path))
    dumps = backups_in(tmp_path, database)
    assert dumps == made[1:]
    assert f"deleted   {made[0].name} (retention: keep 2)" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [unrelated.name]
        + [
            name
            for dump in dumps
            for name in (dump.name, f"{dump.name}.sha256", f"{dump.name}.manifest.json")
        ]
    )


def test_an_unreachable_server_fails_with_a_message(alias_for, tmp_path):
    alias_for("ws_scratch_deploy_nowhere", PORT=6390)
    code, _, error = backup("ws_scratch_deploy_nowhere", tmp_path)
    assert code == 1
    assert error.startswith("backup failed: ")
    assert "6390" in error


def test_prune_refuses_to_delete_the_newest_backup(tmp_path):
    from deployment.backups import BackupError

    with pytest.raises(BackupError, match="at least 1"):
        prune(tmp_path, "writing_system", 0)


def fake_pg_dump(directory: Path) -> Path:
    """A PG_BIN_DIR whose pg_dump succeeds but writes an empty file; the rest are real."""
    bin_dir = directory / "bin"
    bin_dir.mkdir()
    for tool in ("pg_restore", "psql"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    script = bin_dir / "pg_dump"
    script.write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do case "$arg" in --file=*) : > "${arg#--file=}";; esac; done\n'
        "exit 0\n"
    )
    script.chmod(0o755)
    return bin_dir


def test_an_empty_dump_fails_and_leaves_no_backup(database, tmp_path, settings):
    settings.PG_BIN_DIR = str(fake_pg_dump(tmp_path))
    out = tmp_path / "out"
    code, _, error = backup(database, out)
    assert code == 1
    assert "pg_dump wrote an empty file" in error
    assert list(out.iterdir()) == []


def test_a_database_without_tables_is_not_a_backup(scratch_copy, alias_for, tmp_path):
    empty = scratch_copy(None)
    alias_for(empty)
    code, _, error = backup(empty, tmp_path)
    assert code == 1
    assert "contains no table data" in error
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def good_backup(database, tmp_path):
    code, _, error = backup(database, tmp_path)
    assert code == 0, error
    return database, only_dump(tmp_path)


def test_a_corrupted_dump_fails_the_checksum(good_backup):
    database, dump = good_backup
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    code, out, _ = on(database, "verify_backup", str(dump))
    assert code == 1
    assert "✗ checksum (SHA-256) matches: mismatch: the file is corrupted or changed" in out
    assert "restores into a scratch database" not in out


def test_a_truncated_dump_with_a_matching_checksum_fails_to_restore(good_backup):
    database, dump = good_backup
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 3])
    digest = hashlib.sha256(dump.read_bytes()).hexdigest()
    checksum_path(dump).write_text(f"{digest}  {dump.name}\n")
    code, out, _ = on(database, "verify_backup", str(dump))
    assert code == 1
    assert "✓ checksum (SHA-256) matches" in out
    assert "✗ restores into a scratch database: pg_restore failed" in out
    assert databases_named(f"{database}_verify_") == []


def test_a_missing_checksum_file_fails(good_backup):
    database, dump = good_backup
    checksum_path(dump).unlink()
    code, out, _ = on(database, "verify_backup", str(dump))
    assert code == 1
    assert f"{dump.name}.sha256 does not exist" in out


def test_a_manifest_that_does_not_match_the_restored_rows_fails(good_backup):
    database, dump = good_backup
    manifest = json.loads(manifest_path(dump).read_text())
    manifest["tables"]["orders_order"] = 5
    manifest["checksums"]["order_payments_management_wallet"]["sha256"] = "0" * 64
    manifest_path(dump).write_text(json.dumps(manifest))
    code, out, _ = on(database, "verify_backup", str(dump))
    assert code == 1
    assert "orders_order: 1 rows, the backup had 5" in out
    assert "order_payments_management_wallet: checksum differs" in out
    assert databases_named(f"{database}_verify_") == []


def test_restore_refuses_without_the_flag(good_backup):
    database, dump = good_backup
    code, _, error = on(database, "restore_db", str(dump))
    assert code == 2
    assert "run again with --yes-i-mean-it" in error
    assert sql(database, "SELECT count(*) FROM orders_order") == [(1,)]


def test_restore_brings_back_the_backed_up_rows_and_drops_later_tables(good_backup):
    database, dump = good_backup
    sql(database, "DELETE FROM orders_order")
    sql(database, "CREATE TABLE added_after_backup (id int)")
    code, out, error = on(database, "restore_db", str(dump), "--yes-i-mean-it")
    assert code == 0, out + error
    assert sql(database, "SELECT order_number FROM orders_order") == [("BK-1",)]
    assert sql(database, "SELECT to_regclass('added_after_backup')") == [(None,)]


def test_restore_waits_for_locks_briefly_then_changes_nothing(good_backup, monkeypatch):
    monkeypatch.setattr(backups, "RESTORE_LOCK_TIMEOUT", "1s")
    database, dump = good_backup
    sql(database, "DELETE FROM orders_order")
    holder = scratch_connection(database)
    holder.autocommit = False
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM orders_order")  # holds a share lock
        code, out, _ = on(database, "restore_db", str(dump), "--yes-i-mean-it")
    finally:
        holder.rollback()
        holder.close()
    assert code == 1
    assert "nothing was changed; other sessions hold locks" in out
    assert sql(database, "SELECT count(*) FROM orders_order") == [(0,)]


@pytest.mark.parametrize(
    "args",
    [["backup_db"], ["verify_backup", "x.dump"], ["restore_db", "x.dump"], ["rollback_check"]],
)
def test_sqlite_is_refused_with_exit_code_2(args, tmp_path):
    env = project_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = manage(*args, env=env)
    assert result.returncode == 2, explain(result)
    assert "needs PostgreSQL; the configured database is sqlite" in result.stderr
