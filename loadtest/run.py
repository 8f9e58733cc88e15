"""Loopback load test: gunicorn on a copy of the benchmark database, driven by wrk.

`make loadtest` runs it (not part of `make test`). Steps:

1. Source data: the `writing_system_bench` database that `make bench` builds (a million tips).
   Without it, a smaller dataset is generated once into `writing_system_loadsmall_bench` with
   the same generator (`manage.py bench_tips --generate-only`, 50,000 tips); run `make bench`
   first for the full-size numbers.
2. The source is copied to `writing_system_load` (CREATE DATABASE ... TEMPLATE), so the load's
   own writes (tips, redemptions) never change the benchmark's data.
3. Load actors are added to the copy's first website: admins, clients with funded wallets and
   points, a writer to tip and an unlimited reward to redeem.
4. gunicorn serves the copy on a free loopback port (DEBUG off, Redis cache, eager Celery, the
   per-user throttle raised so the load is measured rather than refused).
5. wrk, 32 connections: a realistic mix for 60 s (admins reading dashboards and lists; clients
   reading, tipping and redeeming), then the reads alone (cached dashboards and simple lists)
   for 30 s. Every answer other than 2xx counts as an error.
6. The money and points invariants are checked on the copy, and the results are written to
   the "Load test" section of docs/PERFORMANCE.md.

Configuration (environment): LOADTEST_SOURCE_DATABASE, LOADTEST_DATABASE, LOADTEST_REDIS_URL,
LOADTEST_DURATION (s, default 60), LOADTEST_READS_DURATION (default 30),
LOADTEST_CONNECTIONS (default 32), LOADTEST_WORKERS (gunicorn workers, default 4),
LOADTEST_THREADS (threads per worker, default 2), LOADTEST_WRITE_DOCS (default 1).
"""

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = os.environ  # noqa: TID251 - a command-line tool configured by its environment
SERVER = ENV.get("LOADTEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SOURCE = ENV.get("LOADTEST_SOURCE_DATABASE", "writing_system_bench")
SMALL_SOURCE = "writing_system_loadsmall_bench"
TARGET = ENV.get("LOADTEST_DATABASE", "writing_system_load")
REDIS_URL = ENV.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/13")
DURATION = int(ENV.get("LOADTEST_DURATION", "60"))
READS_DURATION = int(ENV.get("LOADTEST_READS_DURATION", "30"))
CONNECTIONS = int(ENV.get("LOADTEST_CONNECTIONS", "32"))
WORKERS = int(ENV.get("LOADTEST_WORKERS", "4"))
THREADS = int(ENV.get("LOADTEST_THREADS", "2"))
WRITE_DOCS = ENV.get("LOADTEST_WRITE_DOCS", "1") == "1"
TARGET_RPS, TARGET_P99_MS = 250, 250
DOCS = REPO / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- load-test:begin -->", "<!-- load-test:end -->"
PYTHON = sys.executable


def log(message: str) -> None:
    sys.stdout.write(f"[loadtest] {message}\n")
    sys.stdout.flush()


# Databases ---------------------------------------------------------------------------------------


def _psql(sql: str, database: str = "postgres") -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["psql", f"{SERVER}/{database}", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _exists(database: str) -> bool:
    # Database names come from this script's own settings, never from a request.
    return _psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") == "1"  # noqa: S608


def _has_tips(database: str) -> bool:
    try:
        return int(_psql("SELECT count(*) FROM writer_management_tip", database)) > 0
    except subprocess.CalledProcessError:
        return False


def _manage(*args: str, database: str, **extra: str) -> None:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DATABASE_URL": f"{SERVER}/{database}",
        "REDIS_URL": REDIS_URL,
        "LOG_FILE": "",
        **extra,
    }
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True)  # noqa: S603


def source_database() -> str:
    if _exists(SOURCE) and _has_tips(SOURCE):
        log(f"source: {SOURCE} (the benchmark dataset)")
        return SOURCE
    log(f"{SOURCE} is missing: run `make bench` first for the full-size dataset.")
    if not (_exists(SMALL_SOURCE) and _has_tips(SMALL_SOURCE)):
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


# Actors ------------------------------------------------------------------------------------------

ACTORS_SCRIPT = r"""
import json
from decimal import Decimal
from accounts.models import Role, User
from loyalty_management.services import points_award, redemption_category_create, redemption_item_create
from order_payments_management.models import WalletTransactionKind
from order_payments_management.services import wallet_credit, wallet_get_or_create
from rest_framework_simplejwt.tokens import AccessToken
from websites.models import Website
from writer_management.services import tip_settings_get_or_create

website = Website.objects.order_by("id").first()

def user(name, role):
    found = User.objects.filter(username=name).first()
    if found:
        return found
    made = User(username=name, email=f"{name}@example.com", role=role, website=website,
                is_staff=role == Role.ADMIN)
    made.set_password("load-pass-123")
    made.save()
    return made

admins = [user(f"load_admin_{n}", Role.ADMIN) for n in range(4)]
writer = user("load_writer", Role.WRITER)
clients = [user(f"load_client_{n}", Role.CLIENT) for n in range(16)]
tip_settings_get_or_create(website=website)
for client in clients:
    wallet = wallet_get_or_create(user=client, website=website)
    wallet_credit(wallet=wallet, amount=Decimal("1000000.00"), kind=WalletTransactionKind.TOPUP,
                  reason="Load test")
    points_award(client=client, points=100_000, reason="Load test", awarded_by=admins[0])
category = redemption_category_create(website=website, name="Load test rewards")
item = redemption_item_create(website=website, category=category, name="Load test sticker",
                              points_required=10, redemption_type="product")
print("ACTORS " + json.dumps({
    "website": website.pk,
    "writer": writer.pk,
    "item": item.pk,
    "admins": [str(AccessToken.for_user(u)) for u in admins],
    "clients": [str(AccessToken.for_user(u)) for u in clients],
}))
"""


def prepare_actors() -> dict:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DATABASE_URL": f"{SERVER}/{TARGET}",
        "REDIS_URL": REDIS_URL,
        "LOG_FILE": "",
        "JWT_ACCESS_TOKEN_MINUTES": "60",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [PYTHON, "manage.py", "shell", "-c", ACTORS_SCRIPT],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"could not prepare the load actors:\n{result.stderr[-3000:]}")
    line = next(line for line in result.stdout.splitlines() if line.startswith("ACTORS "))
    return json.loads(line.removeprefix("ACTORS "))


# The service -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_service(port: int, log_path: Path) -> subprocess.Popen:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DEBUG": "false",
        "DATABASE_URL": f"{SERVER}/{TARGET}",
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "load",
        "THROTTLE_USER_RATE": "1000000/min",
        "LOG_FILE": "",
        "LOG_LEVEL": "WARNING",
        "JWT_ACCESS_TOKEN_MINUTES": "60",
    }
    with log_path.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "gthread",
                "--threads",
                str(THREADS),
                "--backlog",
                "256",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live/", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start in 60 s")


# wrk ---------------------------------------------------------------------------------------------

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
CLIENT_READS = [
    "/api/v1/writer-management/tips/?limit=20",
    "/api/v1/order-payments/wallets/",
    "/api/v1/loyalty-management/summary/",
]

LUA = r"""
local admins = {%(admins)s}
local clients = {%(clients)s}
local admin_reads = {%(admin_reads)s}
local client_reads = {%(client_reads)s}
local writer, item, writes = %(writer)d, %(item)d, %(writes)s
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  badcodes = ""
  math.randomseed(tid * 7919)
end

local function get(path, token)
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

local function post(path, token, body)
  counter = counter + 1
  local key = string.format("load-%%d-%%d-%%d", tid, counter, math.random(1000000000))
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key,
  }, body)
end

function request()
  local roll = math.random(100)
  local client = clients[math.random(#clients)]
  if writes and roll <= 12 then
    return post("/api/v1/writer-management/tips/", client, string.format(
      '{"writer_id": %%d, "tip_amount": "5.00", "tip_reason": "Load test"}', writer))
  elseif writes and roll <= 18 then
    return post("/api/v1/loyalty-management/redemption-requests/", client,
      string.format('{"item_id": %%d}', item))
  elseif roll <= 30 then
    return get(client_reads[math.random(#client_reads)], client)
  end
  return get(admin_reads[math.random(#admin_reads)], admins[math.random(#admins)])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if #badcodes < 200 then badcodes = badcodes .. status .. " " end
  end
end

function done(summary, latency, requests)
  local bad_total, codes = 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    codes = codes .. thread:get("badcodes")
  end
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "non_2xx": %%d, "bad_codes": "%%s", "connect": %%d, ' ..
    '"read": %%d, "write": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, bad_total, codes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def _lua_list(values: list) -> str:
    return ", ".join(json.dumps(value) for value in values)


def run_wrk(port: int, actors: dict, *, writes: bool, seconds: int) -> dict:
    script = LUA % {
        "admins": _lua_list(actors["admins"]),
        "clients": _lua_list(actors["clients"]),
        "admin_reads": _lua_list(ADMIN_READS),
        "client_reads": _lua_list(CLIENT_READS),
        "writer": actors["writer"],
        "item": actors["item"],
        "writes": "true" if writes else "false",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
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
                handle.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = (
        data["non_2xx"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    )
    return data


# Invariants and the report -----------------------------------------------------------------------


def check_invariants() -> list[str]:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DATABASE_URL": f"{SERVER}/{TARGET}",
        "LOG_FILE": "",
    }
    code = (
        "from tests.hardening.invariants import violations\n"
        "found = violations()\n"
        "print('VIOLATIONS', len(found))\n"
        "print(*found, sep='\\n')"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("VIOLATIONS "))
    return lines[index + 1 :] if int(lines[index].split()[1]) else []


def _ms(microseconds: int) -> str:
    return f"{microseconds / 1000:.0f}"


def report(source: str, tips: int, mix: dict, reads: dict, violations: list[str]) -> str:
    reads_ok = reads["rps"] >= TARGET_RPS and reads["p99_us"] / 1000 < TARGET_P99_MS
    rows = [
        ("mix", DURATION, mix),
        ("reads", READS_DURATION, reads),
    ]
    table = [
        "| run | seconds | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    table += [
        f"| {name} | {seconds} | {run['requests']} | {run['rps']:.0f} | {_ms(run['p50_us'])} | "
        f"{_ms(run['p95_us'])} | {_ms(run['p99_us'])} | {_ms(run['max_us'])} | {run['errors']} |"
        for name, seconds, run in rows
    ]
    verdict = (
        f"Target (reads: ≥ {TARGET_RPS} req/s and p99 < {TARGET_P99_MS} ms; zero errors): "
        + ("**met**" if reads_ok and not mix["errors"] and not reads["errors"] else "**missed**")
    )
    details = [
        f"Last run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores, load generator included): `{source}` copied to `{TARGET}` "
        f"({tips:,} tips), gunicorn {WORKERS} workers x {THREADS} threads, wrk {CONNECTIONS} "
        "connections.",
        "",
        *table,
        "",
        verdict + ".",
        "Money and points invariants, rows the load wrote: "
        + ("all hold." if not violations else f"{len(violations)} violated: {violations[:3]}"),
    ]
    if mix["bad_codes"] or reads["bad_codes"]:
        details.append(f"Non-2xx answers seen: {mix['bad_codes']} {reads['bad_codes']}".strip())
    return "\n".join(details)


def write_docs(text: str) -> None:
    if not DOCS.exists():
        log(f"{DOCS} is missing; results not written")
        return
    content = DOCS.read_text()
    if BEGIN not in content or END not in content:
        log(f"no {BEGIN} ... {END} block in {DOCS}; results not written")
        return
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    DOCS.write_text(pattern.sub(lambda _: f"{BEGIN}\n{text}\n{END}", content, count=1))
    log(f"results written to {DOCS.relative_to(REPO)}")


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make loadtest does it)")
    source = source_database()
    copy_database(source)
    tips = int(_psql("SELECT count(*) FROM writer_management_tip", TARGET))
    actors = prepare_actors()
    # Generated benchmark rows carry no ledger rows; judge what the load itself changed.
    violations_before = set(check_invariants())
    subprocess.run(  # noqa: S603 - fixed arguments
        ["redis-cli", "-u", REDIS_URL, "FLUSHDB"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="loadtest-gunicorn-", suffix=".log")[1])
    service = start_service(port, log_path)
    try:
        log("warming up (5 s) ...")
        run_wrk(port, actors, writes=False, seconds=5)
        log(f"mix: {DURATION} s at {CONNECTIONS} connections ...")
        mix = run_wrk(port, actors, writes=True, seconds=DURATION)
        log(f"reads: {READS_DURATION} s at {CONNECTIONS} connections ...")
        reads = run_wrk(port, actors, writes=False, seconds=READS_DURATION)
    finally:
        service.terminate()
        service.wait(timeout=30)
    server_errors = [line for line in log_path.read_text().splitlines() if "ERROR" in line]
    log_path.unlink(missing_ok=True)
    violations = [v for v in check_invariants() if v not in violations_before]
    text = report(source, tips, mix, reads, violations)
    sys.stdout.write(text + "\n")
    if server_errors:
        sys.stdout.write("Server errors logged:\n" + "\n".join(server_errors[:10]) + "\n")
    if WRITE_DOCS:
        write_docs(text)
    failed = mix["errors"] or reads["errors"] or violations or server_errors
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
