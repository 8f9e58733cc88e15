"""Loopback load test: gunicorn on a copy of the benchmark database, driven by wrk.

`make loadtest` runs `python -m perf.loadtest` (not part of `make test`). Steps:

1. Source data: the `writing_system_bench` database that `make bench` builds (a million tips).
   Without it, a smaller dataset is generated once into `writing_system_loadsmall_bench` with
   the same generator (`manage.py bench_tips --generate-only`, 50,000 tips).
2. The source is copied to `writing_system_load` (CREATE DATABASE ... TEMPLATE), so the load's
   own writes (tips, redemptions) never change the benchmark's data.
3. Load actors are added to the copy's first website (`perf.actors`).
4. gunicorn serves the copy on a free loopback port (`perf.server`: DEBUG off, Redis cache,
   the per-user throttle raised so the load is measured rather than refused), with one Celery
   worker on a Redis broker beside it: the work a write leaves for later (the tip rollups'
   refresh, points) runs there, as in production, not in the measured request. After the load
   the broker is drained before the checks.
5. wrk (`perf/wrk/mix.lua`): a realistic mix (admins reading dashboards and lists; clients
   reading, tipping and redeeming), then the reads alone. Every answer other than 2xx counts
   as an error.
6. `manage.py check_invariants` on the copy, before and after: the load must break none. The
   results go to the "Load test" section of docs/PERFORMANCE.md.

Configuration (environment): LOADTEST_SOURCE_DATABASE, LOADTEST_DATABASE, LOADTEST_REDIS_URL,
LOADTEST_BROKER_URL, LOADTEST_DURATION (s), LOADTEST_READS_DURATION, LOADTEST_CONNECTIONS, LOADTEST_WORKERS
(gunicorn workers), LOADTEST_THREADS (threads per worker), LOADTEST_WRITE_DOCS (default 1);
the defaults are in `perf.budgets`.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perf import budgets
from perf.report import load_text, write_load_section
from perf.server import REPO, Server, Worker, server_environment

ENV = os.environ  # noqa: TID251 - a command-line tool configured by its environment
POSTGRES = ENV.get("LOADTEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SOURCE = ENV.get("LOADTEST_SOURCE_DATABASE", "writing_system_bench")
SMALL_SOURCE = "writing_system_loadsmall_bench"
TARGET = ENV.get("LOADTEST_DATABASE", "writing_system_load")
REDIS_URL = ENV.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/13")
BROKER_URL = ENV.get("LOADTEST_BROKER_URL", "redis://127.0.0.1:6379/10")
DURATION = int(ENV.get("LOADTEST_DURATION", budgets.LOAD_DURATION_SECONDS))
READS_DURATION = int(ENV.get("LOADTEST_READS_DURATION", budgets.LOAD_READS_DURATION_SECONDS))
CONNECTIONS = int(ENV.get("LOADTEST_CONNECTIONS", budgets.LOAD_CONNECTIONS))
WORKERS = int(ENV.get("LOADTEST_WORKERS", budgets.LOAD_WORKERS))
THREADS = int(ENV.get("LOADTEST_THREADS", budgets.LOAD_THREADS))
WRITE_DOCS = ENV.get("LOADTEST_WRITE_DOCS", "1") == "1"
# The actors' access tokens outlive the whole run.
TOKEN_LIFETIME = {"JWT_ACCESS_TOKEN_MINUTES": "60"}
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk" / "mix.lua"

ADMIN_READS = [
    "/api/v1/admin-management/tips/dashboard/?days=30",
    "/api/v1/admin-management/tips/analytics/?days=30",
    "/api/v1/admin-management/tips/earnings/",
    "/api/v1/admin-management/tips/list_tips/?limit=20",
    "/api/v1/orders/?limit=20",
    "/api/v1/writer-management/tips/?limit=20",
    "/api/v1/order-payments/payments/?limit=20",
    "/api/v1/loyalty-management/redemption-requests/?limit=20",
]
# One endpoint at a time, against the anchor: (name, kind, path, who asks). `{wallet}` is the
# asking client's wallet.
ENDPOINTS = [
    ("anchor", "anchor", "/api/v1/perf/anchor/", "admin"),
    ("auth/me", "other", "/api/v1/auth/me/", "client"),
    (
        "dashboard (cached)",
        "cached report",
        "/api/v1/admin-management/tips/dashboard/?days=30",
        "admin",
    ),
    ("earnings (cached)", "cached report", "/api/v1/admin-management/tips/earnings/", "admin"),
    (
        "analytics (cached)",
        "cached report",
        "/api/v1/admin-management/tips/analytics/?days=30",
        "admin",
    ),
    (
        "list_tips (cached)",
        "cached report",
        "/api/v1/admin-management/tips/list_tips/?limit=20",
        "admin",
    ),
    ("tips", "list", "/api/v1/writer-management/tips/?limit=20", "admin"),
    ("tips (cursor)", "list", "/api/v1/writer-management/tips/?cursor=&limit=20", "admin"),
    (
        "redemption requests",
        "list",
        "/api/v1/loyalty-management/redemption-requests/?limit=20",
        "admin",
    ),
    (
        "wallet transactions",
        "list",
        "/api/v1/order-payments/wallets/{wallet}/transactions/?limit=20",
        "client",
    ),
    ("orders", "list", "/api/v1/orders/?limit=20", "admin"),
]
CLIENT_READS = [
    "/api/v1/writer-management/tips/?limit=20",
    "/api/v1/order-payments/wallets/",
    "/api/v1/loyalty-management/summary/",
]


def log(message: str) -> None:
    sys.stdout.write(f"[loadtest] {message}\n")
    sys.stdout.flush()


# Databases ---------------------------------------------------------------------------------------


def _psql(sql: str, database: str = "postgres") -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["psql", f"{POSTGRES}/{database}", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _exists(database: str) -> bool:
    # Database names come from this script's own settings, never from a request.
    return _psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") == "1"  # noqa: S608


def _tip_count(database: str) -> int:
    try:
        return int(_manage("shell", "-c", _TIP_COUNT, database=database).split()[-1])
    except subprocess.CalledProcessError:
        return 0


_TIP_COUNT = "from writer_management.models import Tip; print(Tip.objects.count())"


def _manage(*args: str, database: str, **extra: str) -> str:
    env = server_environment(f"{POSTGRES}/{database}", REDIS_URL=REDIS_URL, **extra)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def source_database() -> str:
    if _exists(SOURCE) and _tip_count(SOURCE):
        log(f"source: {SOURCE} (the benchmark dataset)")
        return SOURCE
    log(f"{SOURCE} is missing: run `make bench` first for the full-size dataset.")
    if not (_exists(SMALL_SOURCE) and _tip_count(SMALL_SOURCE)):
        log(f"generating a smaller dataset into {SMALL_SOURCE} (50,000 tips) ...")
        _manage(
            "bench_tips",
            "--fresh",
            "--generate-only",
            "--tips=50000",
            "--websites=4",
            "--writers=400",
            "--clients=2000",
            database=SMALL_SOURCE,
        )
    log(f"source: {SMALL_SOURCE} (smaller dataset)")
    return SMALL_SOURCE


def _sessions(database: str) -> int:
    sql = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'"  # noqa: S608
    return int(_psql(sql))


def copy_database(source: str) -> None:
    _psql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608 - our own names
        f"WHERE datname = '{TARGET}' AND pid <> pg_backend_pid()"
    )
    _psql(f'DROP DATABASE IF EXISTS "{TARGET}"')
    # A template must have no other session; the benchmark's own sessions are never killed.
    deadline = time.monotonic() + 120
    while _sessions(source) and time.monotonic() < deadline:
        log(f"{source} is in use (make bench running?); waiting ...")
        time.sleep(10)
    if _sessions(source):
        raise SystemExit(f"{source} is still in use; run make loadtest once it is free")
    started = time.monotonic()
    _psql(f'CREATE DATABASE "{TARGET}" TEMPLATE "{source}"')
    log(f"copied {source} to {TARGET} in {time.monotonic() - started:.1f} s")
    _manage("migrate", "--noinput", "-v", "0", database=TARGET)


def prepare_actors() -> dict:
    out = _manage(
        "shell",
        "-c",
        "from perf.actors import main; main()",
        database=TARGET,
        **TOKEN_LIFETIME,
    )
    line = next(line for line in out.splitlines() if line.startswith("ACTORS "))
    return json.loads(line.removeprefix("ACTORS "))


def invariant_violations() -> list[str]:
    """`manage.py check_invariants --json` on the copy: one line per violating row."""
    env = server_environment(f"{POSTGRES}/{TARGET}", REDIS_URL=REDIS_URL)
    result = subprocess.run(
        [sys.executable, "manage.py", "check_invariants", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"check_invariants failed:\n{result.stderr[-3000:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])["violations"]
    return [f"{v['invariant']}: {tuple(v['row'])}" for v in found]


# wrk ---------------------------------------------------------------------------------------------


def _lua(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "{" + ", ".join(_lua(item) for item in value) + "}"
    return json.dumps(value)


def run_wrk(port: int, actors: dict, *, writes: bool, seconds: int) -> dict:
    config = {
        "admins": actors["admins"],
        "clients": actors["clients"],
        "admin_reads": ADMIN_READS,
        "client_reads": CLIENT_READS,
        "writer": actors["writer"],
        "item": actors["item"],
        "writes": writes,
    }
    lua = "return {" + ", ".join(f"{key} = {_lua(value)}" for key, value in config.items()) + "}\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua)
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [  # noqa: S607 - wrk from the distribution, found on PATH
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(WRK_SCRIPT),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**ENV, "WRK_LOAD_CONFIG": handle.name},
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["seconds"] = seconds
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = (
        data["non_2xx"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    )
    return data


def _wrk_number(pattern: str, text: str, default: float = 0.0) -> float:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else default


def _wrk_ms(text: str, percentile: str) -> float:
    match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not match:
        return 0.0
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk_endpoint(port: int, path: str, token: str, *, seconds: int) -> dict:
    """Drive one GET path alone; requests/s, p50/p99 (ms) and errors."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - wrk from the distribution, found on PATH
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {
        "rps": _wrk_number(r"Requests/sec:\s+([\d.]+)", out),
        "p50_ms": _wrk_ms(out, "50"),
        "p99_ms": _wrk_ms(out, "99"),
        "errors": int(_wrk_number(r"Non-2xx or 3xx responses:\s+(\d+)", out)) + socket_errors,
    }


def run_endpoints(port: int, actors: dict) -> list[dict]:
    """Each endpoint alone for `LOAD_ENDPOINT_SECONDS`, after one warm-up request."""
    rows = []
    for name, kind, path, who in ENDPOINTS:
        token = actors["admins"][0] if who == "admin" else actors["clients"][0]
        path = path.format(wallet=actors["wallets"][0])
        log(f"endpoint alone: {name} ...")
        run_wrk_endpoint(port, path, token, seconds=1)
        rows.append(
            {
                "name": name,
                "kind": kind,
                **run_wrk_endpoint(port, path, token, seconds=budgets.LOAD_ENDPOINT_SECONDS),
            }
        )
    return rows


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make loadtest does it)")
    source = source_database()
    copy_database(source)
    tips = _tip_count(TARGET)
    actors = prepare_actors()
    # Generated benchmark rows carry no ledger rows; judge what the load itself changed.
    violations_before = set(invariant_violations())
    for redis in (REDIS_URL, BROKER_URL):
        subprocess.run(  # noqa: S603 - fixed arguments
            ["redis-cli", "-u", redis, "FLUSHDB"],  # noqa: S607
            capture_output=True,
            check=False,
        )
    environment = server_environment(
        f"{POSTGRES}/{TARGET}",
        PERF_ANCHOR="true",
        DB_CONN_MAX_AGE="60",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="load",
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_TASK_ALWAYS_EAGER="false",
        **TOKEN_LIFETIME,
    )
    log_path = Path(tempfile.mkstemp(prefix="loadtest-gunicorn-", suffix=".log")[1])
    worker_log = Path(tempfile.mkstemp(prefix="loadtest-worker-", suffix=".log")[1])
    with (
        Worker(environment=environment, log_path=worker_log) as worker,
        Server(
            environment=environment, workers=WORKERS, threads=THREADS, log_path=log_path, timeout=30
        ) as server,
    ):
        log(f"warming up ({budgets.LOAD_WARM_UP_SECONDS} s) ...")
        run_wrk(server.port, actors, writes=False, seconds=budgets.LOAD_WARM_UP_SECONDS)
        log(f"mix: {DURATION} s at {CONNECTIONS} connections ...")
        mix = run_wrk(server.port, actors, writes=True, seconds=DURATION)
        log(f"reads: {READS_DURATION} s at {CONNECTIONS} connections ...")
        reads = run_wrk(server.port, actors, writes=False, seconds=READS_DURATION)
        endpoints = run_endpoints(server.port, actors)
        log("draining the Celery queue ...")
        undrained = worker.drain(timeout=budgets.LOAD_DRAIN_SECONDS)
    server_errors = [
        line
        for path in (log_path, worker_log)
        for line in path.read_text().splitlines()
        if "ERROR" in line
    ]
    if undrained:
        server_errors.append(f"{undrained} Celery message(s) still queued after the drain")
    log_path.unlink(missing_ok=True)
    worker_log.unlink(missing_ok=True)
    violations = [v for v in invariant_violations() if v not in violations_before]
    setup = (
        f"`{source}` copied to `{TARGET}` ({tips:,} tips), gunicorn {WORKERS} workers x "
        f"{THREADS} threads, wrk {CONNECTIONS} connections."
    )
    text = load_text(setup=setup, mix=mix, reads=reads, endpoints=endpoints, violations=violations)
    sys.stdout.write(text + "\n")
    if server_errors:
        sys.stdout.write("Server errors logged:\n" + "\n".join(server_errors[:10]) + "\n")
    if WRITE_DOCS:
        log(write_load_section(text))
    endpoint_errors = sum(row["errors"] for row in endpoints)
    failed = mix["errors"] or reads["errors"] or endpoint_errors or violations or server_errors
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
