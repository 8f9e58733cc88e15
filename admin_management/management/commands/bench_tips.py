"""Benchmark the admin tip endpoints at scale, over HTTP, against their own PostgreSQL database.

`make bench` runs it. It creates (or reuses) the `*_bench` database, migrates it, generates a
realistic dataset with set-based SQL (websites, writers on levels, clients, orders, class
bundles, and tips with their payments spread over the last two years), rebuilds the tip
rollups, then starts gunicorn three times on a free loopback port:

- the rollups with the report cache off (the numbers the speed targets are about),
- the rollups with the cache on,
- the tip rows aggregated on the fly (`TIP_REPORTS_SOURCE=tips`, cache off): the reference,

and times each endpoint as a superadmin over every website. It prints p50/p95 latency, queries
per request (`X-Query-Count`), the ratio to the deployment checklist's budgets and to the
on-the-fly run, and checks that both sources return the same numbers.
"""

import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken
from tqdm import tqdm

from accounts.models import Role, User
from core.reporting import reporting_today
from tip_stats.services import tip_stats_refresh_days
from writer_management.models import Tip

BASE = "/api/v1/admin-management/tips/"
BUDGETS = {"dashboard": 2.0, "list_tips": 1.0, "analytics": 3.0, "earnings": 2.0}
TARGETS_MS = {"dashboard": 50, "list_tips": 50, "analytics": 150, "earnings": 50}
LEVELS = (("Junior", "30.00"), ("Intermediate", "40.00"), ("Senior", "50.00"))
REASONS = (
    "Thank you for the great work.",
    "Delivered ahead of the deadline.",
    "Excellent research and sources.",
    "Great communication throughout.",
)
CHUNK = 50_000
# The generator's SQL is assembled from the constants above and table names of its own; every
# value that varies travels as a parameter.


class Command(BaseCommand):
    help = "Generate a large tip dataset in the *_bench database and time the admin tip endpoints."

    def add_arguments(self, parser):
        parser.add_argument("--tips", type=int, default=1_000_000)
        parser.add_argument("--websites", type=int, default=20)
        parser.add_argument("--writers", type=int, default=5_000)
        parser.add_argument("--clients", type=int, default=20_000)
        parser.add_argument(
            "--days", type=int, default=730, help="Spread tips over this many days."
        )
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per endpoint.")
        parser.add_argument(
            "--reference-requests",
            type=int,
            default=5,
            help="Timed requests per endpoint for the on-the-fly run.",
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument(
            "--fresh", action="store_true", help="Drop and recreate the bench database first."
        )
        parser.add_argument(
            "--reuse", action="store_true", help="Keep the data already generated; only measure."
        )
        parser.add_argument(
            "--generate-only", action="store_true", help="Generate and rebuild; measure nothing."
        )
        parser.add_argument("--results", help="Write the measurements to this JSON file.")
        parser.add_argument(
            "--baseline", help="A JSON file of an earlier run (e.g. 10k tips) to compare with."
        )

    # Database ----------------------------------------------------------------------------------

    def _check_database(self) -> dict:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("The benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
        if not str(database["NAME"]).endswith("_bench"):
            raise CommandError(
                f"Refusing to touch {database['NAME']!r}: the benchmark only writes a database "
                "whose name ends in _bench (e.g. DATABASE_URL=.../writing_system_bench)."
            )
        return database

    def _ensure_database(self, database: dict, *, fresh: bool) -> None:
        connection.close()
        admin = psycopg2.connect(
            dbname="postgres",
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
        )
        admin.autocommit = True
        name = database["NAME"]
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone() is not None
            if exists and fresh:
                self.stdout.write(f"Dropping {name}")
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )
                cursor.execute(f'DROP DATABASE "{name}"')
                exists = False
            if not exists:
                self.stdout.write(f"Creating {name}")
                cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()

    # Data --------------------------------------------------------------------------------------

    def _execute(self, sql: str, params=()) -> None:
        # Always with parameters, so `%%` in the SQL is a literal `%` everywhere.
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))

    def _scalar(self, sql: str, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchone()[0]

    def _generate(self, *, tips: int, websites: int, writers: int, clients: int, days: int):
        started = time.monotonic()
        steps = 6 + (tips + CHUNK - 1) // CHUNK
        with tqdm(total=steps, desc="Generating", unit="step", file=self.stderr) as bar:
            self._people(websites=websites, writers=writers, clients=clients)
            bar.update(3)
            self._references(orders=max(tips // 20, 100), bundles=max(tips // 100, 20))
            bar.update(1)
            self._tips(tips=tips, days=days, progress=bar.update)
            self._execute("VACUUM ANALYZE")
            bar.update(2)
        return time.monotonic() - started

    def _people(self, *, websites: int, writers: int, clients: int) -> None:
        self._execute(
            "INSERT INTO websites_website (name, domain, slug, is_active, created_at, updated_at) "
            "SELECT 'Bench website ' || g, 'bench-' || g || '.example.com', 'bench-' || g, "
            "true, now(), now() FROM generate_series(1, %s) g",
            [websites],
        )
        self._execute(
            "CREATE TEMP TABLE bench_site AS SELECT id AS website_id, "
            "(row_number() OVER (ORDER BY id) - 1)::int AS pos "
            "FROM websites_website WHERE slug LIKE 'bench-%%'"
        )
        # A cheap password no one can log in with: the benchmark signs its own tokens.
        people = (
            ("writer", writers),
            ("client", clients),
            ("admin", websites),
        )
        for role, count in people:
            self._execute(
                "INSERT INTO accounts_user (password, is_superuser, username, first_name, "
                "last_name, is_staff, is_active, date_joined, email, role, updated_at, "
                "website_id) SELECT '!bench', false, 'bench_' || %s || '_' || g, '', '', "
                "%s, true, now(), 'bench_' || %s || '_' || g || '@example.com', %s, now(), "
                "s.website_id FROM generate_series(0, %s - 1) g "
                "JOIN bench_site s ON s.pos = g %% %s",
                [role, role == "admin", role, role, count, websites],
            )
        self._execute(
            "INSERT INTO writer_management_writerlevel (name, tip_percentage, display_order, "  # noqa: S608 - constants only
            "is_active, created_at, updated_at, website_id) "
            "SELECT l.name, l.pct, l.position, true, now(), now(), s.website_id FROM bench_site s "
            "CROSS JOIN (VALUES "
            + ", ".join(
                f"('{name}', {pct}::numeric, {position})"
                for position, (name, pct) in enumerate(LEVELS)
            )
            + ") AS l(name, pct, position)"
        )
        # Most writers are on a level; about one in eight has none (the website default).
        self._execute(
            "INSERT INTO writer_management_writerprofile (pen_name, created_at, updated_at, "
            "user_id, website_id, level_id) "
            "SELECT '', now(), now(), u.id, u.website_id, "
            "CASE WHEN u.id %% 8 = 0 THEN NULL ELSE (SELECT l.id FROM writer_management_writerlevel "
            "l WHERE l.website_id = u.website_id ORDER BY l.display_order "
            "OFFSET (u.id %% 3) LIMIT 1) END "
            "FROM accounts_user u WHERE u.role = 'writer' AND u.username LIKE 'bench_%%'"
        )
        for table, role in (("bench_writer", "writer"), ("bench_client", "client")):
            level_columns = (
                ", l.id AS level_id, COALESCE(l.name, '') AS level_name, "
                "COALESCE(l.tip_percentage, 30.00) AS pct"
                if role == "writer"
                else ""
            )
            level_join = (
                " JOIN writer_management_writerprofile p ON p.user_id = u.id "
                "LEFT JOIN writer_management_writerlevel l ON l.id = p.level_id"
                if role == "writer"
                else ""
            )
            self._execute(
                f"CREATE TEMP TABLE {table} AS SELECT u.id AS user_id, u.website_id, "  # noqa: S608 - constants only
                "(row_number() OVER (PARTITION BY u.website_id ORDER BY u.id) - 1)::int AS idx"
                f"{level_columns} FROM accounts_user u{level_join} "
                "WHERE u.role = %s AND u.username LIKE 'bench_%%'",
                [role],
            )
            self._execute(f"CREATE INDEX ON {table} (website_id, idx)")
            self._execute(f"CREATE INDEX ON {table} (user_id)")
        self._execute(
            "CREATE TEMP TABLE bench_count AS SELECT s.website_id, s.pos, "
            "(SELECT count(*) FROM bench_writer w WHERE w.website_id = s.website_id) AS writers, "
            "(SELECT count(*) FROM bench_client c WHERE c.website_id = s.website_id) AS clients "
            "FROM bench_site s"
        )

    def _references(self, *, orders: int, bundles: int) -> None:
        draws = (
            "WITH d AS MATERIALIZED (SELECT g, (g %% (SELECT count(*) FROM bench_site))::int "
            "AS pos, random() AS rc, random() AS rw FROM generate_series(0, %s - 1) g) "
        )
        pick = (
            "FROM d JOIN bench_count n ON n.pos = d.pos "
            "JOIN bench_client c ON c.website_id = n.website_id "
            "AND c.idx = floor(d.rc * n.clients)::int "
            "JOIN bench_writer w ON w.website_id = n.website_id "
            "AND w.idx = floor(d.rw * n.writers)::int"
        )
        self._execute(
            draws + "INSERT INTO orders_order (order_number, title, status, total_price, "
            "writer_compensation, created_at, updated_at, client_id, website_id, writer_id) "
            "SELECT 'BENCH-' || d.g, 'Bench order ' || d.g, 'completed', 120.00, 70.00, now(), "
            "now(), c.user_id, n.website_id, w.user_id " + pick,
            [orders],
        )
        self._execute(
            draws + "INSERT INTO class_management_classbundle (title, course, total_price, "
            "deposit_required, status, created_at, updated_at, client_id, website_id, "
            "assigned_writer_id, installments_enabled) "
            "SELECT 'Bench class ' || d.g, 'Statistics', 600.00, 0, 'active', now(), now(), "
            "c.user_id, n.website_id, w.user_id, true " + pick,
            [bundles],
        )
        for table, source, writer in (
            ("bench_order", "orders_order", "writer_id"),
            ("bench_bundle", "class_management_classbundle", "assigned_writer_id"),
        ):
            self._execute(
                f"CREATE TEMP TABLE {table} AS SELECT id AS ref_id, website_id, client_id, "  # noqa: S608 - constants only
                f"{writer} AS writer_id, (row_number() OVER (PARTITION BY website_id ORDER BY id) "
                f"- 1)::int AS idx FROM {source} WHERE client_id IN (SELECT user_id FROM "
                "bench_client)"
            )
            self._execute(f"CREATE INDEX ON {table} (website_id, idx)")
        self._execute(
            "ALTER TABLE bench_count ADD COLUMN orders bigint, ADD COLUMN bundles bigint; "
            "UPDATE bench_count n SET "
            "orders = (SELECT count(*) FROM bench_order o WHERE o.website_id = n.website_id), "
            "bundles = (SELECT count(*) FROM bench_bundle b WHERE b.website_id = n.website_id)"
        )

    def _tips(self, *, tips: int, days: int, progress) -> None:
        payment_base = self._scalar(
            "SELECT COALESCE(max(id), 0) FROM order_payments_management_orderpayment"
        )
        tip_base = self._scalar("SELECT COALESCE(max(id), 0) FROM writer_management_tip")
        websites = self._scalar("SELECT count(*) FROM bench_site")
        reasons = "ARRAY[" + ", ".join(f"'{reason}'" for reason in REASONS) + "]"
        for low in range(0, tips, CHUNK):
            high = min(low + CHUNK, tips) - 1
            self._execute("DROP TABLE IF EXISTS bench_stage")
            # Each tip's draws are made once (MATERIALIZED), then joined to pick the website's
            # people and references. Websites differ in size; most tips are small and completed.
            self._execute(
                "CREATE TEMP TABLE bench_stage AS "  # noqa: S608 - constants only
                "WITH d AS MATERIALIZED (SELECT g, "
                "floor(%s * power(random(), 1.6))::int AS pos, random() AS rk, random() AS rs, "
                "random() AS ra, random() AS rc, random() AS rw, random() AS rr, random() AS rt "
                "FROM generate_series(%s, %s) g), "
                "k AS (SELECT d.*, n.website_id, n.clients, n.writers, n.orders, n.bundles, "
                "CASE WHEN d.rk < 0.40 OR n.orders = 0 THEN 'direct' "
                "WHEN d.rk < 0.85 OR n.bundles = 0 THEN 'order' ELSE 'class' END AS kind "
                "FROM d JOIN bench_count n ON n.pos = d.pos) "
                "SELECT k.g, k.website_id, k.kind, "
                "now() - make_interval(days => %s) + (k.g + k.rt) * "
                "(make_interval(days => %s) / %s) AS sent_at, "
                "CASE k.kind WHEN 'direct' THEN c.user_id WHEN 'order' THEN o.client_id "
                "ELSE b.client_id END AS client_id, "
                "CASE k.kind WHEN 'direct' THEN w.user_id WHEN 'order' THEN o.writer_id "
                "ELSE b.writer_id END AS writer_id, "
                "CASE WHEN k.kind = 'order' THEN o.ref_id END AS order_id, "
                "CASE WHEN k.kind = 'class' THEN b.ref_id END AS bundle_id, "
                "round((1 + 299 * power(k.ra, 2.5))::numeric, 0) "
                "+ (ARRAY[0, 0, 0.5, 0.99])[1 + floor(k.rr * 4)::int] AS amount, "
                "CASE WHEN k.rs < 0.82 THEN 'completed' WHEN k.rs < 0.87 THEN 'pending' "
                "WHEN k.rs < 0.89 THEN 'processing' WHEN k.rs < 0.95 THEN 'failed' "
                "ELSE 'refunded' END AS status, "
                f"({reasons})[1 + floor(k.rr * 4)::int] AS reason "
                "FROM k "
                "JOIN bench_client c ON c.website_id = k.website_id "
                "AND c.idx = floor(k.rc * k.clients)::int "
                "JOIN bench_writer w ON w.website_id = k.website_id "
                "AND w.idx = floor(k.rw * k.writers)::int "
                "LEFT JOIN bench_order o ON k.kind = 'order' AND o.website_id = k.website_id "
                "AND o.idx = floor(k.rc * k.orders)::int "
                "LEFT JOIN bench_bundle b ON k.kind = 'class' AND b.website_id = k.website_id "
                "AND b.idx = floor(k.rc * k.bundles)::int",
                [websites, low, high, days, days, tips],
            )
            self._execute(
                "INSERT INTO order_payments_management_orderpayment (id, payment_type, amount, "
                "original_amount, discount_amount, status, method, reference, "
                "external_reference, description, failure_reason, refund_reason, created_at, "
                "updated_at, completed_at, refunded_at, client_id, website_id) "
                "SELECT %s + s.g + 1, 'tip', s.amount, s.amount, 0, s.status, 'wallet', "
                "'BENCH-TIP-' || s.g, '', 'Tip', CASE WHEN s.status = 'failed' THEN "
                "'Insufficient wallet balance.' ELSE '' END, CASE WHEN s.status = 'refunded' "
                "THEN 'Bench refund' ELSE '' END, s.sent_at, s.sent_at, CASE WHEN s.status IN "
                "('completed', 'refunded') THEN s.sent_at END, CASE WHEN s.status = 'refunded' "
                "THEN s.sent_at END, s.client_id, s.website_id FROM bench_stage s",
                [payment_base],
            )
            self._execute(
                "INSERT INTO writer_management_tip (id, tip_type, tip_amount, tip_reason, "
                "writer_level_id, writer_level_name, writer_percentage, writer_earning, "
                "platform_profit, payment_method, payment_status, failure_reason, sent_at, "
                "updated_at, client_id, writer_id, website_id, payment_id, order_id, "
                "class_bundle_id) "
                "SELECT %s + s.g + 1, s.kind, s.amount, s.reason, l.level_id, l.level_name, "
                "l.pct, round(s.amount * l.pct / 100, 2), s.amount - round(s.amount * l.pct / "
                "100, 2), 'wallet', s.status, CASE WHEN s.status = 'failed' THEN "
                "'Insufficient wallet balance.' ELSE '' END, s.sent_at, s.sent_at, s.client_id, "
                "s.writer_id, s.website_id, %s + s.g + 1, s.order_id, s.bundle_id "
                "FROM bench_stage s JOIN bench_writer l ON l.user_id = s.writer_id ORDER BY s.g",
                [tip_base, payment_base],
            )
            progress(1)
        for table in ("order_payments_management_orderpayment", "writer_management_tip"):
            self._execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - constants only
                f"(SELECT max(id) FROM {table}))"
            )

    # Measuring ---------------------------------------------------------------------------------

    def _requests(self) -> list[tuple[str, str, dict]]:
        today = reporting_today()
        busy_writer, busy_client = Tip.objects.values_list("writer_id", "client_id").order_by(
            "-id"
        ).first() or (1, 1)
        return [
            ("dashboard", "dashboard", {"days": 30}),
            ("list_tips", "list_tips (no filter)", {}),
            ("list_tips", "list_tips tip_type=order", {"tip_type": "order"}),
            ("list_tips", "list_tips payment_status=refunded", {"payment_status": "refunded"}),
            ("list_tips", "list_tips writer_id", {"writer_id": busy_writer}),
            ("list_tips", "list_tips client_id", {"client_id": busy_client}),
            (
                "list_tips",
                "list_tips date_from (30 days)",
                {"date_from": (today - timedelta(days=29)).isoformat()},
            ),
            (
                "list_tips",
                "list_tips date_to (a year ago)",
                {"date_to": (today - timedelta(days=365)).isoformat()},
            ),
            ("analytics", "analytics days=90", {"days": 90}),
            ("analytics", "analytics days=365", {"days": 365}),
            ("earnings", "earnings (all time)", {}),
            (
                "earnings",
                "earnings (200 to 20 days ago)",
                {
                    "date_from": (today - timedelta(days=200)).isoformat(),
                    "date_to": (today - timedelta(days=20)).isoformat(),
                },
            ),
        ]

    def _serve(self, *, port: int, workers: int, extra: dict) -> subprocess.Popen:
        database = settings.DATABASES["default"]
        credentials = database.get("USER") or "postgres"
        if database.get("PASSWORD"):
            credentials += f":{database['PASSWORD']}"
        url = (
            f"postgres://{credentials}@{database.get('HOST') or '127.0.0.1'}:"
            f"{database.get('PORT') or 5432}/{database['NAME']}"
        )
        env = {
            **os.environ,  # noqa: TID251 - the server is a child process configured by variables
            "DJANGO_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": url,
            "DEBUG": "false",
            "LOG_FILE": "",
            "LOG_LEVEL": "WARNING",
            "QUERY_COUNT_HEADER": "true",
            "THROTTLE_USER_RATE": "1000000/min",
            "JWT_ACCESS_TOKEN_MINUTES": "600",
            "CACHE_KEY_PREFIX": "bench",
            **extra,
        }
        process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--timeout",
                "300",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _body, _headers = self._fetch(port, "/health/live/", token=None)
                if status == 200:
                    return process
            except OSError:
                time.sleep(0.2)
        process.terminate()
        raise CommandError("gunicorn did not start")

    @staticmethod
    def _fetch(port: int, path: str, *, token: str | None):
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client.request("GET", path, headers=headers)
        response = client.getresponse()
        body = response.read()
        client.close()
        return response.status, body, dict(response.getheaders())

    def _measure(self, *, port: int, token: str, requests, count: int, label: str) -> dict:
        results = {}
        for _endpoint, name, params in tqdm(
            requests, desc=label, unit="endpoint", file=self.stderr
        ):
            path = f"{BASE}{_endpoint}/" + (f"?{urlencode(params)}" if params else "")
            for _ in range(2):  # warm up: connections, caches, imports
                status, body, _ = self._fetch(port, path, token=token)
                if status != 200:
                    raise CommandError(f"{path} answered {status}: {body[:300]!r}")
            timings, queries = [], set()
            for _ in range(count):
                started = time.perf_counter()
                status, body, headers = self._fetch(port, path, token=token)
                timings.append((time.perf_counter() - started) * 1000)
                queries.add(int(headers.get("X-Query-Count", "-1")))
            timings.sort()
            results[name] = {
                "p50": statistics.median(timings),
                "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
                "queries": sorted(queries),
                "body": json.loads(body),
            }
        return results

    def _free_port(self) -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def _run_server(self, *, label: str, extra: dict, count: int, workers: int, requests, token):
        port = self._free_port()
        server = self._serve(port=port, workers=workers, extra=extra)
        try:
            return self._measure(
                port=port, token=token, requests=requests, count=count, label=label
            )
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _machine(self) -> dict:
        memory = "?"
        meminfo = Path("/proc/meminfo")
        if meminfo.exists():
            total_kb = int(meminfo.read_text().split("\n")[0].split()[1])
            memory = f"{total_kb / 1024 / 1024:.1f} GiB"
        cpu = platform.processor() or "?"
        cpuinfo = Path("/proc/cpuinfo")
        if cpuinfo.exists():
            for line in cpuinfo.read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        return {
            "load_average": [round(value, 2) for value in os.getloadavg()],
            "cpus": os.cpu_count(),
            "cpu": cpu,
            "memory": memory,
            "postgresql": self._scalar("SHOW server_version"),
            "python": platform.python_version(),
        }

    # Report ------------------------------------------------------------------------------------

    def handle(self, *args, **options):
        database = self._check_database()
        if not options["reuse"]:
            self._ensure_database(database, fresh=options["fresh"])
            call_command("migrate", verbosity=0)
            if Tip.objects.exists():
                raise CommandError(
                    "The bench database already has tips: pass --fresh to regenerate them or "
                    "--reuse to measure them."
                )
            seconds = self._generate(
                tips=options["tips"],
                websites=options["websites"],
                writers=options["writers"],
                clients=options["clients"],
                days=options["days"],
            )
            self.stdout.write(f"Generated {options['tips']:,} tips in {seconds:.0f} s")
            started = time.monotonic()
            call_command("rebuild_tip_stats", stdout=self.stdout, stderr=self.stderr)
            rebuild_seconds = time.monotonic() - started
            self._execute("VACUUM ANALYZE")
        else:
            rebuild_seconds = None
        if options["generate_only"]:
            return
        tips = Tip.objects.count()
        refresh_ms = self._refresh_cost()
        superadmin, _created = User.objects.get_or_create(
            username="bench_superadmin",
            defaults={"email": "bench_superadmin@example.com", "role": Role.SUPERADMIN},
        )
        token = str(RefreshToken.for_user(superadmin).access_token)
        requests = self._requests()
        workers = options["workers"]
        runs = {
            "rollups": self._run_server(
                label="rollups, no cache",
                extra={"TIP_REPORTS_CACHE_SECONDS": "0"},
                count=options["requests"],
                workers=workers,
                requests=requests,
                token=token,
            ),
            "cached": self._run_server(
                label="rollups, cached",
                extra={"TIP_REPORTS_CACHE_SECONDS": "60"},
                count=options["requests"],
                workers=workers,
                requests=requests,
                token=token,
            ),
            "tips": self._run_server(
                label="on the fly",
                extra={"TIP_REPORTS_CACHE_SECONDS": "0", "TIP_REPORTS_SOURCE": "tips"},
                count=options["reference_requests"],
                workers=workers,
                requests=requests,
                token=token,
            ),
        }
        report = {
            "tips": tips,
            "machine": self._machine(),
            "rebuild_seconds": rebuild_seconds,
            "refresh_ms": refresh_ms,
            "requests": options["requests"],
            "reference_requests": options["reference_requests"],
            "endpoints": {
                name: {
                    "endpoint": endpoint,
                    **{
                        run: {k: v for k, v in runs[run][name].items() if k != "body"}
                        for run in runs
                    },
                    "same_numbers": runs["rollups"][name]["body"] == runs["tips"][name]["body"],
                }
                for endpoint, name, _params in requests
            },
        }
        self._print(report, baseline=options.get("baseline"))
        if options.get("results"):
            Path(options["results"]).write_text(json.dumps(report, indent=2))

    def _refresh_cost(self) -> float | None:
        """Time one on-commit refresh (a busy website's today): what each tip change costs."""
        latest = Tip.objects.order_by("-sent_at").values_list("website_id", flat=True).first()
        if latest is None:
            return None
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            tip_stats_refresh_days(website_id=latest, days=[reporting_today()])
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)

    def _print(self, report: dict, *, baseline: str | None) -> None:
        base = json.loads(Path(baseline).read_text()) if baseline else None
        machine = report["machine"]
        write = self.stdout.write
        write("")
        write(
            f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['memory']}, "
            f"PostgreSQL {machine['postgresql']}, Python {machine['python']}; load average "
            f"after the run {' / '.join(map(str, machine['load_average']))} (1/5/15 min)"
        )
        rebuild = report["rebuild_seconds"]
        write(
            f"Tips: {report['tips']:,}; rebuild_tip_stats: "
            + (f"{rebuild:.1f} s" if rebuild is not None else "not run")
            + f"; one day's refresh after a tip change: {report['refresh_ms']:.1f} ms"
        )
        write(
            f"Requests per endpoint: {report['requests']} (rollups), "
            f"{report['reference_requests']} (on the fly); superadmin over every website."
        )
        write("")
        header = (
            "| request | p50 ms | p95 ms | queries | p50 / budget | cached p50 ms | "
            "on-the-fly p50 ms | speed-up | same numbers |"
        )
        if base:
            header += f" p50 at {base['tips']:,} tips | ratio |"
        write(header)
        write("|" + "---|" * (header.count("|") - 1))
        for name, row in report["endpoints"].items():
            rollups, cached, tips = row["rollups"], row["cached"], row["tips"]
            budget_ms = BUDGETS[row["endpoint"]] * 1000
            line = (
                f"| {name} | {rollups['p50']:.1f} | {rollups['p95']:.1f} | "
                f"{'/'.join(map(str, rollups['queries']))} | "
                f"{rollups['p50'] / budget_ms:.1%} | {cached['p50']:.1f} | {tips['p50']:.1f} | "
                f"{tips['p50'] / rollups['p50']:.1f}x | {'yes' if row['same_numbers'] else 'NO'} |"
            )
            if base and name in base["endpoints"]:
                before = base["endpoints"][name]["rollups"]["p50"]
                line += f" {before:.1f} | {rollups['p50'] / before:.2f}x |"
            write(line)
        write("")
        misses = [
            f"{name}: {row['rollups']['p50']:.1f} ms > {TARGETS_MS[row['endpoint']]} ms"
            for name, row in report["endpoints"].items()
            if row["rollups"]["p50"] > TARGETS_MS[row["endpoint"]]
        ]
        write("Targets missed: " + ("; ".join(misses) if misses else "none"))
