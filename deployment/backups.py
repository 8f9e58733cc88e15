"""Backups: a consistent compressed dump with its checksum and manifest, verified restores.

A backup is three files in the backup directory, named after the database and the UTC time:

    writing_system_20250101T120000123Z.dump                 pg_dump custom format (compressed)
    writing_system_20250101T120000123Z.dump.sha256          `sha256sum -c` format
    writing_system_20250101T120000123Z.dump.manifest.json   row counts, money/points checksums

The manifest is computed in the transaction whose snapshot `pg_dump --snapshot` dumps, so it
describes exactly the dumped data even while the service keeps writing.
"""

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from deployment import postgres
from deployment.processes import program
from deployment.results import CheckResult

MANIFEST_VERSION = 1
# How long a restore waits for other sessions' locks before it gives up (changing nothing).
RESTORE_LOCK_TIMEOUT = "10s"


class BackupError(RuntimeError):
    """The backup, verification or restore failed; the message says why."""


def checksum_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".sha256")


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".manifest.json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp() -> str:
    now = timezone.now()
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"


def _prefix(database_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", database_name)


def backups_in(directory: Path, database_name: str) -> list[Path]:
    """Return this database's dumps in `directory`, oldest first (by the time in their name)."""
    pattern = re.compile(rf"^{re.escape(_prefix(database_name))}_\d{{8}}T\d{{9}}Z\.dump$")
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if pattern.match(path.name))


def prune(directory: Path, database_name: str, keep: int) -> list[Path]:
    """Delete the oldest dumps (and their checksum and manifest) beyond the newest `keep`."""
    if keep < 1:
        raise BackupError("--keep must be at least 1: the newest backup is never deleted")
    dumps = backups_in(directory, database_name)
    doomed = dumps[:-keep] if len(dumps) > keep else []
    for dump in doomed:
        for path in (dump, checksum_path(dump), manifest_path(dump)):
            path.unlink(missing_ok=True)
    return doomed


def dump_entries(dump: Path, env: dict | None) -> list[str]:
    """Return the table of contents of a custom-format dump (`pg_restore --list`)."""
    listing = postgres.run_program("pg_restore", ["--list", str(dump)], env, timeout=600)
    return [line for line in listing.stdout.splitlines() if line and not line.startswith(";")]


@dataclass
class Backup:
    dump: Path
    sha256: str
    manifest: dict
    pruned: list[Path] = field(default_factory=list)


def backup_create(output_dir: Path, keep: int, alias: str = "default") -> Backup:
    """Dump the database consistently, write its checksum and manifest, apply retention."""
    settings_dict = postgres.settings_for(alias)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    dump = output_dir / f"{_prefix(settings_dict['NAME'])}_{_stamp()}.dump"
    partial = dump.with_name(dump.name + ".partial")
    options, dbname, env = postgres.connection_args(settings_dict)
    program("pg_dump")  # fail before opening a transaction when the program is missing

    connection = postgres.raw_connection(settings_dict)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
        try:
            postgres.run_program(
                "pg_dump",
                [
                    *options,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={partial}",
                    dbname,
                ],
                env,
            )
            facts = postgres.database_facts(connection, settings.BACKUP_CHECKSUM_TABLES)
            applied = _applied_migrations(connection)
        finally:
            connection.rollback()
    finally:
        connection.close()

    try:
        if not partial.exists() or partial.stat().st_size == 0:
            raise BackupError(f"pg_dump wrote an empty file for {dbname}; no backup was kept")
        entries = dump_entries(partial, env)
        if not any(" TABLE DATA " in entry for entry in entries):
            raise BackupError(
                f"the dump of {dbname} contains no table data (is DATABASE_URL the right "
                "database?); no backup was kept"
            )
    except (BackupError, postgres.PostgresError):
        partial.unlink(missing_ok=True)
        raise

    digest = file_sha256(partial)
    manifest = {
        "version": MANIFEST_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": dbname,
        "host": settings_dict.get("HOST") or "local",
        "server_version": server_version,
        "dump": dump.name,
        "dump_bytes": partial.stat().st_size,
        "dump_sha256": digest,
        "applied_migrations": applied,
        **facts,
    }
    manifest_path(dump).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    checksum_path(dump).write_text(f"{digest}  {dump.name}\n")
    partial.rename(dump)
    return Backup(
        dump=dump, sha256=digest, manifest=manifest, pruned=prune(output_dir, dbname, keep)
    )


def _applied_migrations(connection) -> dict[str, str]:
    """The latest applied migration per app: what code this backup belongs with."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return {}
        cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())


def read_backup(dump: Path) -> tuple[str, dict]:
    """Return (recorded sha256, manifest) of a backup; raise BackupError if a file is missing."""
    dump = Path(dump)
    for path in (dump, checksum_path(dump), manifest_path(dump)):
        if not path.is_file():
            raise BackupError(f"{path} does not exist")
    recorded = checksum_path(dump).read_text().split()
    if not recorded or not re.fullmatch(r"[0-9a-f]{64}", recorded[0]):
        raise BackupError(f"{checksum_path(dump).name} holds no SHA-256")
    try:
        manifest = json.loads(manifest_path(dump).read_text())
    except ValueError as error:
        raise BackupError(f"{manifest_path(dump).name} is not valid JSON: {error}") from None
    return recorded[0], manifest


def checksum_result(dump: Path) -> tuple[CheckResult, dict | None]:
    name = "checksum (SHA-256) matches"
    try:
        recorded, manifest = read_backup(dump)
    except BackupError as error:
        return CheckResult.failed(name, str(error)), None
    actual = file_sha256(Path(dump))
    if actual != recorded:
        return (
            CheckResult.failed(
                name,
                f"mismatch: the file is corrupted or changed ({actual[:12]}... recorded "
                f"{recorded[:12]}...)",
            ),
            None,
        )
    return CheckResult.passed(name, f"{actual[:16]}..."), manifest


def restored_matches(connection, manifest: dict) -> CheckResult:
    name = "row counts and money/points checksums match the manifest"
    facts = postgres.database_facts(connection, manifest.get("checksum_patterns", []))
    problems = postgres.compare_facts(manifest, facts)
    if problems:
        return CheckResult.failed(name, f"{len(problems)} differences", lines=problems[:50])
    return CheckResult.passed(
        name,
        f"{len(facts['tables'])} tables, {sum(facts['tables'].values())} rows, "
        f"{len(facts['checksums'])} tables checksummed",
    )


def backup_verify(dump: Path, alias: str = "default") -> list[CheckResult]:
    """Check the checksum, restore into a scratch database, compare with the manifest."""
    settings_dict = postgres.settings_for(alias)
    result, manifest = checksum_result(dump)
    results = [result]
    if manifest is None:
        return results
    options, _, env = postgres.connection_args(settings_dict)
    with postgres.scratch_database(settings_dict, "verify") as scratch:
        try:
            postgres.run_program(
                "pg_restore",
                [
                    *options,
                    f"--dbname={scratch}",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    str(dump),
                ],
                env,
            )
        except postgres.PostgresError as error:
            results.append(CheckResult.failed("restores into a scratch database", str(error)))
            return results
        results.append(CheckResult.passed("restores into a scratch database", scratch))
        connection = postgres.raw_connection(settings_dict, scratch)
        try:
            results.append(restored_matches(connection, manifest))
        finally:
            connection.close()
    results.append(CheckResult.passed("scratch database dropped", scratch))
    return results


def backup_restore(dump: Path, alias: str = "default") -> list[CheckResult]:
    """Replace the configured database's public schema with the backup, in one transaction.

    Nothing changes if any statement fails. Other sessions must be stopped first: the restore
    waits at most RESTORE_LOCK_TIMEOUT for their locks.
    """
    settings_dict = postgres.settings_for(alias)
    result, manifest = checksum_result(dump)
    results = [result]
    if manifest is None:
        return results
    options, dbname, env = postgres.connection_args(settings_dict)
    prelude = (
        f"SET lock_timeout = '{RESTORE_LOCK_TIMEOUT}';\n"
        "DROP SCHEMA IF EXISTS public CASCADE;\n"
        "CREATE SCHEMA public;\n"
    )
    restore = subprocess.Popen(  # noqa: S603 - fixed argument list
        [program("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    apply = subprocess.run(  # noqa: S603 - fixed argument list
        [
            program("psql"),
            *options,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-c",
            prelude,
            "-f",
            "-",
            dbname,
        ],
        env=env,
        stdin=restore.stdout,
        capture_output=True,
        text=True,
        check=False,
    )
    restore.stdout.close()
    restore_stderr = restore.stderr.read().decode(errors="replace").strip()
    restore.stderr.close()
    restore.wait()
    name = f"restored into {dbname}"
    if restore.returncode != 0 or apply.returncode != 0:
        errors = [line for line in (restore_stderr + "\n" + apply.stderr).splitlines() if line]
        hint = ""
        if "lock timeout" in apply.stderr:
            hint = "; other sessions hold locks: stop web, celery and celery-beat first"
        results.append(CheckResult.failed(name, f"nothing was changed{hint}", lines=errors[-10:]))
        return results
    results.append(CheckResult.passed(name, f"from {Path(dump).name}"))
    connection = postgres.raw_connection(settings_dict)
    try:
        results.append(restored_matches(connection, manifest))
    finally:
        connection.close()
    return results
