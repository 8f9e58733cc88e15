"""`make scale-check`: the service past one machine's process group, on loopback, with faults.

Starts the streaming replica (`scripts/replica.sh`), PgBouncer (`scripts/pgbouncer.sh`), two
gunicorn nodes behind HAProxy (Debian's package) and two Celery workers on RabbitMQ (a vhost
of its own); drives a bounded mixed load through the balancer (admins reading reports and
lists, clients sending tips and redemption requests with idempotency keys, each write followed
at once by the writer reading it back); stops one web node and kills one worker in the middle;
then checks:

- zero failed requests seen by the clients (HAProxy retries a request on the other node only
  when it is idempotent: a GET, or a POST carrying an `Idempotency-Key`);
- reads served by the replica (its own transaction counter for the database moved);
- read-your-writes for every write (each new tip or request is in its writer's next list);
- after the queues drain, every rollup equals the tip rows (the reconcile finds no drift) and
  the money and points invariants hold.

It prints a short report and writes it into docs/SCALING.md. Not part of `make test`.
Configuration (environment): SCALE_DURATION (s, default 40), SCALE_CLIENTS (default 12).
"""

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from perf.server import REPO, Server, Worker, free_port, server_environment

ENV = os.environ  # noqa: TID251 - a command-line tool configured by its environment
DATABASE = "writing_system_scale"
PRIMARY = "postgres://postgres@127.0.0.1:5432"
POOLER = "postgres://postgres@127.0.0.1:6432"
REPLICA = "postgres://postgres@127.0.0.1:5433"
REDIS_URL = ENV.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/9")
VHOST = "scale_check"
BROKER_URL = f"amqp://guest:guest@127.0.0.1:5672/{VHOST}"
QUEUES = ("money", "statistics", "housekeeping")
DURATION = int(ENV.get("SCALE_DURATION", "40"))
CLIENT_THREADS = int(ENV.get("SCALE_CLIENTS", "12"))
ADMIN_THREADS = 4
DRAIN_SECONDS = 180
DOC = REPO / "docs" / "SCALING.md"
BEGIN, END = "<!-- scale-check:begin -->", "<!-- scale-check:end -->"

ADMIN_READS = [
    "/api/v1/admin-management/tips/dashboard/?days=30",
    "/api/v1/admin-management/tips/analytics/?days=30",
    "/api/v1/admin-management/tips/list_tips/?limit=20",
    "/api/v1/writer-management/tips/?limit=20",
    "/api/v1/orders/?limit=20",
    "/api/v1/loyalty-management/redemption-requests/?limit=20",
]
CLIENT_TIPS = "/api/v1/writer-management/tips/?limit=10"
CLIENT_REQUESTS = "/api/v1/loyalty-management/redemption-requests/?limit=10"


def log(message: str) -> None:
    sys.stderr.write(f"[scale-check] {message}\n")
    sys.stderr.flush()


def _run(*command: str, env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(  # noqa: S603 - fixed commands
        list(command), cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _psql(url: str, sql: str) -> str:
    return _run("psql", url, "-Atqc", sql).strip()


def _manage(*args: str, env: dict) -> str:
    return _run(sys.executable, "manage.py", *args, env=env)


# --- the engines ------------------------------------------------------------------------------


def engines_start() -> None:
    _run("scripts/replica.sh", "start")
    _run("scripts/pgbouncer.sh", "start")
    if not Path("/usr/sbin/haproxy").exists():
        log("installing HAProxy (Debian's package)")
        _run("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
             "apt-get install -y -qq haproxy >/dev/null && (service haproxy stop || true)")  # fmt: skip
    _run("rabbitmqctl", "add_vhost", VHOST, check=False)
    _run("rabbitmqctl", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*")
    for queue in QUEUES:
        _run("rabbitmqctl", "purge_queue", "-p", VHOST, queue, check=False)


def database_prepare(env: dict) -> dict:
    """A fresh database with demo data and the load's actors; returns the actors."""
    _psql(f"{PRIMARY}/postgres", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _psql(f"{PRIMARY}/postgres", f'CREATE DATABASE "{DATABASE}"')
    direct = {**env, "DATABASE_URL": f"{PRIMARY}/{DATABASE}", "DB_TRANSACTION_POOLING": "false",
              "DATABASE_REPLICA_URLS": "", "CELERY_BROKER_URL": ""}  # fmt: skip
    _manage("migrate", "--noinput", "-v", "0", env=direct)
    _manage("seed_demo", env=direct)
    out = _manage("shell", "-c", "from perf.actors import main; main()",
                  env={**direct, "JWT_ACCESS_TOKEN_MINUTES": "60"})  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("ACTORS "))
    return json.loads(line.removeprefix("ACTORS "))


HAPROXY = """global
    maxconn 2000
    stats socket {socket} mode 600 level user
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch 1
    # Retry on the other node: always when the connection failed, and after a sent request only
    # when it is idempotent (a GET or HEAD, or a POST with an Idempotency-Key).
    retry-on all-retryable-errors
frontend api
    bind 127.0.0.1:{port}
    default_backend web
backend web
    http-request disable-l7-retry if !{{ method GET HEAD }} !{{ req.hdr(Idempotency-Key) -m found }}
    balance roundrobin
    option httpchk GET /health/live/
    default-server inter 500ms fall 2 rise 2
{servers}
"""


class Balancer:
    def __init__(self, nodes: list[Server], workdir: Path):
        self.port = free_port()
        servers = "\n".join(
            f"    server node{index} 127.0.0.1:{node.port} check"
            for index, node in enumerate(nodes, start=1)
        )
        self.config = workdir / "haproxy.cfg"
        self.socket = workdir / "haproxy.sock"
        self.config.write_text(HAPROXY.format(port=self.port, servers=servers, socket=self.socket))
        self.log = workdir / "haproxy.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Balancer":
        with self.log.open("w") as output:
            self.process = subprocess.Popen(  # noqa: S603 - a fixed command
                ["/usr/sbin/haproxy", "-db", "-f", str(self.config)],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/health/live/")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"HAProxy did not answer:\n{self.log.read_text()[-2000:]}")

    def retries(self) -> tuple[int, int]:
        """The backend's retries and redispatches so far (HAProxy's `show stat`)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stats:
            stats.connect(str(self.socket))
            stats.sendall(b"show stat\n")
            data = b""
            while chunk := stats.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        columns = lines[0].lstrip("# ").split(",")
        for line in lines[1:]:
            row = dict(zip(columns, line.split(","), strict=False))
            if row.get("pxname") == "web" and row.get("svname") == "BACKEND":
                return int(row.get("wretr") or 0), int(row.get("wredis") or 0)
        return 0, 0

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


# --- the load ---------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    writes: int = 0
    read_your_writes: int = 0
    read_your_writes_missed: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Caller:
    """One actor's keep-alive connection to the balancer."""

    def __init__(self, port: int, token: str, tally: Tally):
        self.port, self.token, self.tally = port, token, tally
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, method: str, path: str, body: dict | None = None) -> dict | None:
        headers = {"Authorization": f"Bearer {self.token}"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
            headers["Idempotency-Key"] = str(uuid.uuid4())
        started = time.monotonic()
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            with self.tally.lock:
                self.tally.failures.append(f"{method} {path}: {type(error).__name__}")
            return None
        with self.tally.lock:
            self.tally.latencies.append(time.monotonic() - started)
            if not 200 <= response.status < 300:
                self.tally.failures.append(f"{method} {path}: {response.status} {data[:120]!r}")
                return None
        return json.loads(data) if data else {}


def client_loop(caller: Caller, actors: dict, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    tally = caller.tally
    while not stop.is_set():
        roll = rng.random()
        if roll < 0.25:
            created = caller.call(
                "POST",
                "/api/v1/writer-management/tips/",
                {"writer_id": actors["writer"], "tip_amount": "3.00", "tip_reason": "Thanks"},
            )
            listing = CLIENT_TIPS
        elif roll < 0.32:
            created = caller.call(
                "POST",
                "/api/v1/loyalty-management/redemption-requests/",
                {"item_id": actors["item"]},
            )
            listing = CLIENT_REQUESTS
        else:
            caller.call("GET", rng.choice((CLIENT_TIPS, CLIENT_REQUESTS)))
            continue
        if created is None:
            continue
        # Read-your-writes: the writer's very next read must show what they wrote.
        page = caller.call("GET", listing)
        with tally.lock:
            tally.writes += 1
            if page is not None and created["id"] in [row["id"] for row in page["results"]]:
                tally.read_your_writes += 1
            else:
                tally.read_your_writes_missed.append(f"{listing} without {created['id']}")


def admin_loop(caller: Caller, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        caller.call("GET", rng.choice(ADMIN_READS))


def replica_transactions() -> int:
    sql = f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{DATABASE}'"  # noqa: S608
    return int(_psql(f"{REPLICA}/postgres", sql) or 0)


def queues_pending() -> int:
    out = _run("rabbitmqctl", "list_queues", "-q", "-p", VHOST, "name", "messages",
               "messages_unacknowledged", check=False)  # fmt: skip
    total = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in QUEUES:
            total += int(parts[1]) + int(parts[2])
    return total


def main() -> None:
    engines_start()
    env = server_environment(
        f"{POOLER}/{DATABASE}",
        DB_TRANSACTION_POOLING="true",
        DATABASE_REPLICA_URLS=f"{REPLICA}/{DATABASE}",
        REPLICA_CHECK_SECONDS="1",
        READ_YOUR_WRITES_SECONDS="5",
        REDIS_URL=REDIS_URL,
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_RESULT_BACKEND=REDIS_URL,
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    _run("redis-cli", "-u", REDIS_URL, "FLUSHDB")
    log(f"preparing {DATABASE} (demo data and the load's actors) ...")
    actors = database_prepare(env)
    tally = Tally()
    events: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        nodes = [
            Server(environment=env, workers=2, threads=2, log_path=workdir / f"web{n}.log")
            for n in (1, 2)
        ]
        workers = [
            Worker(environment=env, log_path=workdir / f"worker{n}.log", name=f"scale{n}")
            for n in (1, 2)
        ]
        for worker in workers:
            worker.__enter__()
        try:
            for node in nodes:
                node.__enter__()
            with Balancer(nodes, workdir) as balancer:
                log(f"2 web nodes behind HAProxy :{balancer.port}, 2 workers on RabbitMQ; "
                    f"{DURATION} s of load ...")  # fmt: skip
                replica_before = replica_transactions()
                stop = threading.Event()
                threads = [
                    threading.Thread(
                        target=client_loop,
                        args=(Caller(balancer.port, token, tally), actors, stop, n),
                    )
                    for n, token in enumerate(actors["clients"][:CLIENT_THREADS])
                ] + [
                    threading.Thread(
                        target=admin_loop, args=(Caller(balancer.port, token, tally), stop, n)
                    )
                    for n, token in enumerate(actors["admins"][:ADMIN_THREADS])
                ]
                started = time.monotonic()
                for thread in threads:
                    thread.start()
                time.sleep(DURATION / 3)
                events.append(f"{time.monotonic() - started:.0f} s: web node 1 stopped (SIGTERM)")
                nodes[0].__exit__()
                time.sleep(DURATION / 6)
                workers[0].process.send_signal(signal.SIGKILL)
                events.append(f"{time.monotonic() - started:.0f} s: worker 1 killed (SIGKILL)")
                time.sleep(max(DURATION - (time.monotonic() - started), 0))
                stop.set()
                for thread in threads:
                    thread.join(timeout=60)
                elapsed = time.monotonic() - started
                replica_served = replica_transactions() - replica_before
                retried = balancer.retries()
            log("draining the queues ...")
            deadline = time.monotonic() + DRAIN_SECONDS
            while queues_pending() and time.monotonic() < deadline:
                time.sleep(1)
            pending = queues_pending()
        finally:
            for node in nodes:
                node.__exit__()
            for worker in workers:
                worker.__exit__()
    direct = {**env, "DATABASE_URL": f"{PRIMARY}/{DATABASE}", "DB_TRANSACTION_POOLING": "false",
              "DATABASE_REPLICA_URLS": "", "CELERY_BROKER_URL": ""}  # fmt: skip
    drift = _manage("shell", "-c", "from tip_stats.services import tip_stats_reconcile; "
                    "print('DRIFT', tip_stats_reconcile())", env=direct)  # fmt: skip
    drifted = int(next(line for line in drift.splitlines() if line.startswith("DRIFT")).split()[1])
    invariants = _run(sys.executable, "manage.py", "check_invariants", "--json", env=direct,
                      check=False)  # fmt: skip
    violations = json.loads(invariants.strip().splitlines()[-1])["violations"]
    events.append(
        f"the balancer retried {retried[0]} request(s) and redispatched {retried[1]} to the other node"
    )
    report = _report(tally, elapsed, events, replica_served, pending, drifted, violations)
    sys.stdout.write(report + "\n")
    _write_doc(report)
    failed = (
        tally.failures
        or tally.read_your_writes_missed
        or replica_served <= 0
        or pending
        or drifted
        or violations
    )
    _psql(f"{PRIMARY}/postgres", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    if failed:
        raise SystemExit("scale check: FAILED")


def _report(tally, elapsed, events, replica_served, pending, drifted, violations) -> str:
    latencies = sorted(tally.latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else 0
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0

    def verdict(ok: bool) -> str:
        return "yes" if ok else "**no**"

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Last run {when}: 2 gunicorn nodes (2 workers x 2 threads each) behind HAProxy, "
        "PgBouncer (transaction pooling) in front of the primary, one streaming replica, "
        f"2 Celery workers on RabbitMQ; {CLIENT_THREADS} clients and {ADMIN_THREADS} admins "
        f"for {elapsed:.0f} s on one 2-core machine.",
        "",
        "| check | result | |",
        "|---|---|---|",
        f"| requests answered | {len(latencies)} ({len(latencies) / elapsed:.0f}/s, p50 "
        f"{p50:.0f} ms, p99 {p99:.0f} ms) | |",
        f"| failed requests seen by clients | {len(tally.failures)} | "
        f"{verdict(not tally.failures)} |",
        f"| writes read back at once by their writer | {tally.read_your_writes} of "
        f"{tally.writes} | {verdict(not tally.read_your_writes_missed)} |",
        f"| transactions served by the replica | {replica_served} | "
        f"{verdict(replica_served > 0)} |",
        f"| messages left in the queues after draining | {pending} | {verdict(not pending)} |",
        f"| websites whose rollups drifted from the tips | {drifted} | {verdict(not drifted)} |",
        f"| money and points invariant violations | {len(violations)} | "
        f"{verdict(not violations)} |",
        "",
        "Faults: " + "; ".join(events) + ".",
    ]
    if tally.failures:
        lines += ["", "First failures:", *[f"- `{line}`" for line in tally.failures[:5]]]
    return "\n".join(lines)


def _write_doc(report: str) -> None:
    if not DOC.exists():
        return
    text = DOC.read_text()
    if BEGIN not in text or END not in text:
        return
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{report}\n{END}{tail}")


if __name__ == "__main__":
    main()
