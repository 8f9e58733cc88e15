"""PostgreSQL plumbing for the backup and rollback commands.

Client programs, raw connections, scratch databases, and table facts (row counts, checksums)
that survive a dump and restore.
"""

import hashlib
import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlencode

from django.db import connections
from django.db.backends.postgresql.base import Database, DatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient

from deployment.processes import program

# Row text must not depend on the session: fix what changes how values print.
SESSION_FORMAT = (
    "SET TIME ZONE 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 3",
    "SET bytea_output = 'hex'",
)
MAX_NAME = 63


class NotPostgres(Exception):
    """The configured database is not PostgreSQL."""


# Errors of the PostgreSQL driver itself (unreachable server, missing rights).
DriverError = Database.Error
SQLITE_BACKUP_HINT = "with SQLite, stop the service and copy the database file instead"


class PostgresError(RuntimeError):
    """A PostgreSQL client program or statement failed; the message says what and why."""


def settings_for(alias: str = "default") -> dict:
    """Return the connection settings of `alias`; raise NotPostgres for another vendor."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise NotPostgres(
            f"this command needs PostgreSQL; the configured database is {connection.vendor} "
            f"({connection.settings_dict['NAME']})"
        )
    return connection.settings_dict


def connection_args(
    settings_dict: dict, dbname: str | None = None
) -> tuple[list, str, dict | None]:
    """Return (host/port/user options, database name, child environment) for a client program.

    The password travels in the child's environment (PGPASSWORD), never on its command line.
    """
    merged = {**settings_dict, "NAME": dbname or settings_dict["NAME"]}
    args, env = DatabaseClient.settings_to_cmd_args_env(merged, [])
    return args[1:-1], args[-1], env


def run_program(name: str, args: list[str], env: dict | None, timeout: float = 3600):
    """Run a PostgreSQL client program; raise PostgresError with its stderr when it fails."""
    completed = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [program(name), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        message = (completed.stderr or completed.stdout).strip().splitlines()
        raise PostgresError(
            f"{name} failed (exit {completed.returncode}): {' / '.join(message[-5:])}"
        )
    return completed


def raw_connection(settings_dict: dict, dbname: str | None = None):
    """Open a psycopg connection outside Django's connection handling (closed by the caller)."""
    wrapper = DatabaseWrapper(
        {**settings_dict, "NAME": dbname or settings_dict["NAME"]}, alias=f"deployment:{dbname}"
    )
    return wrapper.get_new_connection(wrapper.get_connection_params())


@contextmanager
def connected(settings_dict: dict, dbname: str) -> Iterator:
    """`raw_connection` for a block: closed when the block ends."""
    connection = raw_connection(settings_dict, dbname)
    try:
        yield connection
    finally:
        connection.close()


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scratch_name(base: str, purpose: str) -> str:
    """Return a new, unique, valid database name like `writing_system_verify_1a2b3c4d`."""
    cleaned = re.sub(r"[^a-z0-9_]", "_", base.lower())
    suffix = f"_{purpose}_{uuid.uuid4().hex[:8]}"
    return cleaned[: MAX_NAME - len(suffix)] + suffix


def maintenance_connection(settings_dict: dict):
    """Connect (autocommit) to the `postgres` database, else to the configured one.

    Creating or dropping a database works from any database but the one being dropped; like
    Django's test runner, prefer the maintenance database.
    """
    try:
        connection = raw_connection(settings_dict, "postgres")
    except Database.OperationalError:
        connection = raw_connection(settings_dict)
    connection.autocommit = True
    return connection


def database_create(settings_dict: dict, name: str, template: str | None = None) -> None:
    connection = maintenance_connection(settings_dict)
    try:
        with connection.cursor() as cursor:
            sql = f"CREATE DATABASE {quote_name(name)}"
            if template:
                sql += f" TEMPLATE {quote_name(template)}"
            cursor.execute(sql)
    finally:
        connection.close()


def database_drop(settings_dict: dict, name: str) -> None:
    """Drop database `name`, ending its sessions first."""
    if name == settings_dict["NAME"]:
        raise PostgresError(f"refusing to drop the configured database {name}")
    connection = maintenance_connection(settings_dict)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote_name(name)} WITH (FORCE)")
    finally:
        connection.close()


@contextmanager
def scratch_database(
    settings_dict: dict, purpose: str, template: str | None = None, keep: bool = False
) -> Iterator[str]:
    """Create a scratch database for the block and drop it afterwards (unless `keep`)."""
    name = scratch_name(settings_dict["NAME"], purpose)
    database_create(settings_dict, name, template=template)
    try:
        yield name
    finally:
        if not keep:
            database_drop(settings_dict, name)


def database_url(settings_dict: dict, dbname: str, passfile: str | None = None) -> str:
    """Return a password-free URL for `dbname` (a password goes in `passfile`)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    host = settings_dict.get("HOST") or ""
    port = settings_dict.get("PORT") or ""
    netloc = f"{user}@" if user else ""
    netloc += quote(host, safe="") if host.startswith("/") else host
    if port:
        netloc += f":{port}"
    query = {
        key: value
        for key, value in (settings_dict.get("OPTIONS") or {}).items()
        if isinstance(value, str | int) and key != "passfile"
    }
    if passfile:
        query["passfile"] = passfile
    url = f"postgres://{netloc}/{quote(dbname, safe='')}"
    return f"{url}?{urlencode(query)}" if query else url


def pgpass_line(settings_dict: dict, dbname: str) -> str:
    def escape(value) -> str:
        return str(value or "*").replace("\\", "\\\\").replace(":", "\\:")

    return ":".join(
        escape(value)
        for value in (
            settings_dict.get("HOST") or "localhost",
            settings_dict.get("PORT") or "5432",
            dbname,
            settings_dict.get("USER"),
            settings_dict.get("PASSWORD"),
        )
    )


def session_format(cursor) -> None:
    for statement in SESSION_FORMAT:
        cursor.execute(statement)


def tables(cursor) -> list[str]:
    """Return every user table, `name` in the public schema, `schema.name` elsewhere."""
    cursor.execute(
        """
        SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE'
          AND table_schema NOT IN ('pg_catalog', 'information_schema')
          AND table_schema NOT LIKE 'pg_toast%%'
        ORDER BY table_schema, table_name
        """
    )
    return [name if schema == "public" else f"{schema}.{name}" for schema, name in cursor]


def qualified(table: str) -> str:
    schema, _, name = table.rpartition(".")
    return f"{quote_name(schema)}.{quote_name(name)}" if schema else quote_name(name)


def row_counts(cursor, names: list[str]) -> dict[str, int]:
    counts = {}
    for table in names:
        cursor.execute(f"SELECT count(*) FROM {qualified(table)}")  # noqa: S608 - quoted name
        counts[table] = cursor.fetchone()[0]
    return counts


def primary_key(cursor, table: str) -> list[str]:
    cursor.execute(
        """
        SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = %s::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)
        """,
        [qualified(table)],
    )
    return [row[0] for row in cursor.fetchall()]


def matching_tables(names: list[str], patterns: list[str]) -> list[str]:
    """Return the tables whose name matches one of the SQL LIKE `patterns`."""
    regexes = [
        re.compile(
            "^" + "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in p) + "$"
        )
        for p in patterns
    ]
    return [name for name in names if any(regex.match(name) for regex in regexes)]


def table_checksum(connection, table: str) -> dict:
    """Return {rows, sha256} over the table's rows in primary-key order (row text, md5 each)."""
    with connection.cursor() as cursor:
        key = primary_key(cursor, table)
    order = ", ".join(f"t.{quote_name(column)}" for column in key) or "md5(t::text)"
    digest = hashlib.sha256()
    rows = 0
    # A server-side cursor streams the rows: constant memory for any table size.
    with connection.cursor(name=f"checksum_{uuid.uuid4().hex[:8]}") as cursor:
        cursor.itersize = 5000
        cursor.execute(f"SELECT md5(t::text) FROM {qualified(table)} AS t ORDER BY {order}")  # noqa: S608
        for (row_md5,) in cursor:
            digest.update(row_md5.encode() + b"\n")
            rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def database_facts(connection, checksum_patterns: list[str]) -> dict:
    """Row counts of every table and checksums of the tables matching `checksum_patterns`.

    Call inside one transaction (a snapshot) when the facts must match a dump.
    """
    with connection.cursor() as cursor:
        session_format(cursor)
        names = tables(cursor)
        counts = row_counts(cursor, names)
    checksummed = matching_tables(names, checksum_patterns)
    return {
        "tables": counts,
        "checksum_patterns": list(checksum_patterns),
        "checksums": {table: table_checksum(connection, table) for table in checksummed},
    }


def compare_facts(expected: dict, actual: dict) -> list[str]:
    """Return the differences between two `database_facts` results (empty when equal)."""
    problems = []
    expected_tables, actual_tables = expected["tables"], actual["tables"]
    for table in sorted(set(expected_tables) - set(actual_tables)):
        problems.append(f"{table}: missing after restore")
    for table in sorted(set(actual_tables) - set(expected_tables)):
        problems.append(f"{table}: not in the backup")
    for table in sorted(set(expected_tables) & set(actual_tables)):
        if expected_tables[table] != actual_tables[table]:
            problems.append(
                f"{table}: {actual_tables[table]} rows, the backup had {expected_tables[table]}"
            )
    for table, checksum in sorted(expected["checksums"].items()):
        found = actual["checksums"].get(table)
        if found is None:
            problems.append(f"{table}: no checksum after restore")
        elif found != checksum:
            problems.append(f"{table}: checksum differs ({found['rows']} rows)")
    return problems
