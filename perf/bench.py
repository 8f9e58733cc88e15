"""The tip-report benchmark: its database, the requests it times, the three servers it runs.

`manage.py bench_tips` (`make bench`) creates (or reuses) the `*_bench` database, migrates it,
generates the dataset (`perf.generator`), rebuilds the tip rollups, then starts gunicorn three
times on a free loopback port and times each admin tip endpoint as a superadmin over every
website:

- the rollups with the report cache off (the numbers the targets are about),
- the rollups with the cache on,
- the tip rows aggregated on the fly (`TIP_REPORTS_SOURCE=tips`, cache off): the reference,
  whose answers must be the same numbers.
"""

import os
import platform
import statistics
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
from django.conf import settings
from django.db import connection
from django.db.models import Count
from rest_framework_simplejwt.tokens import RefreshToken
from tqdm import tqdm

from accounts.models import Role, User
from core.reporting import reporting_today
from order_payments_management.models import OrderPayment
from perf.server import Server, server_environment
from perf.timing import time_path
from tip_stats.services import PERSON_SINCE, ROLLUPS, tip_stats_refresh_days
from websites.models import Website
from websites.services import website_time_zone_set
from writer_management.models import Tip

BASE = "/api/v1/admin-management/tips/"


class BenchRefused(RuntimeError):
    """The benchmark will not run against this database."""


def bench_database() -> dict:
    """The default database, if it is PostgreSQL and named `*_bench` (never a real one)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BenchRefused("The benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    if not str(database["NAME"]).endswith("_bench"):
        raise BenchRefused(
            f"Refusing to touch {database['NAME']!r}: the benchmark only writes a database "
            "whose name ends in _bench (e.g. DATABASE_URL=.../writing_system_bench)."
        )
    return database


def database_url(database: dict) -> str:
    credentials = database.get("USER") or "postgres"
    if database.get("PASSWORD"):
        credentials += f":{database['PASSWORD']}"
    return (
        f"postgres://{credentials}@{database.get('HOST') or '127.0.0.1'}:"
        f"{database.get('PORT') or 5432}/{database['NAME']}"
    )


def ensure_database(database: dict, *, fresh: bool, say) -> None:
    """Create the bench database (dropping it first with `fresh`)."""
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
            say(f"Dropping {name}")
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cursor.execute(f'DROP DATABASE "{name}"')
            exists = False
        if not exists:
            say(f"Creating {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def timed_requests() -> list[tuple[str, str, dict]]:
    """(endpoint, name, query parameters) of every timed request."""
    today = reporting_today()
    busy_writer, busy_client = Tip.objects.values_list("writer_id", "client_id").order_by(
        "-id"
    ).first() or (1, 1)
    level = (
        Tip.objects.exclude(writer_level_name="")
        .order_by("-id")
        .values_list("writer_level_name", flat=True)
        .first()
        or "Senior"
    )
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
        ("what-if", "what-if default (all time)", {"default_percentage": "35"}),
        (
            "what-if",
            "what-if level (200 to 20 days ago)",
            {
                "level": level,
                "percentage": "45.5",
                "date_from": (today - timedelta(days=200)).isoformat(),
                "date_to": (today - timedelta(days=20)).isoformat(),
            },
        ),
    ]


def bench_token() -> str:
    superadmin, _created = User.objects.get_or_create(
        username="bench_superadmin",
        defaults={"email": "bench_superadmin@example.com", "role": Role.SUPERADMIN},
    )
    return str(RefreshToken.for_user(superadmin).access_token)


def measure_server(*, label: str, extra: dict, count: int, workers: int, requests, token, stream):
    """Start one server with `extra` settings and time every request `count` times."""
    environment = server_environment(
        database_url(settings.DATABASES["default"]),
        **{"QUERY_COUNT_HEADER": "true", "JWT_ACCESS_TOKEN_MINUTES": "600"},
        CACHE_KEY_PREFIX="bench",
        **extra,
    )
    results = {}
    with Server(environment=environment, workers=workers) as server:
        for endpoint, name, params in tqdm(requests, desc=label, unit="endpoint", file=stream):
            path = f"{BASE}{endpoint}/" + (f"?{urlencode(params)}" if params else "")
            results[name] = time_path(port=server.port, path=path, token=token, count=count)
    return results


def refresh_cost_ms() -> float | None:
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


def zone_change_seconds() -> dict | None:
    """Move the busiest website to another time zone and back: each move rebuilds its rollups."""
    busiest = Tip.objects.values("website_id").annotate(n=Count("id")).order_by("-n").first()
    if busiest is None:
        return None
    website = Website.objects.get(pk=busiest["website_id"])
    started = time.perf_counter()
    website_time_zone_set(website=website, time_zone="Pacific/Auckland")
    seconds = time.perf_counter() - started
    website_time_zone_set(website=website, time_zone="")
    return {"tips": busiest["n"], "seconds": seconds}


def disk_use() -> dict:
    """Bytes on disk: the database, the tips and their payments (indexes included), the rollups."""

    def size(*models) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(name::regclass)), 0) "
                "FROM unnest(%s::text[]) AS name",
                [[model._meta.db_table for model in models]],
            )
            return int(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database = int(cursor.fetchone()[0])
    return {
        "database": database,
        "tips": size(Tip),
        "payments": size(OrderPayment),
        "rollups": size(*ROLLUPS, *PERSON_SINCE),
    }


def machine() -> dict:
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
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0]
    return {
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "postgresql": postgresql,
        "python": platform.python_version(),
    }


def measure(*, requests_per_endpoint: int, reference_requests: int, workers: int, stream) -> dict:
    """Run the three servers; return the report (`perf.report.bench_lines` prints it)."""
    refresh_ms = refresh_cost_ms()
    zone_change = zone_change_seconds()
    token = bench_token()
    requests = timed_requests()
    runs_settings = {
        "rollups": ("rollups, no cache", {"TIP_REPORTS_CACHE_SECONDS": "0"}, requests_per_endpoint),
        "cached": ("rollups, cached", {"TIP_REPORTS_CACHE_SECONDS": "60"}, requests_per_endpoint),
        "tips": (
            "on the fly",
            {"TIP_REPORTS_CACHE_SECONDS": "0", "TIP_REPORTS_SOURCE": "tips"},
            reference_requests,
        ),
    }
    runs = {
        run: measure_server(
            label=label,
            extra=extra,
            count=count,
            workers=workers,
            requests=requests,
            token=token,
            stream=stream,
        )
        for run, (label, extra, count) in runs_settings.items()
    }
    return {
        "tips": Tip.objects.count(),
        "machine": machine(),
        "refresh_ms": refresh_ms,
        "zone_change": zone_change,
        "requests": requests_per_endpoint,
        "reference_requests": reference_requests,
        "endpoints": {
            name: {
                "endpoint": endpoint,
                **{run: {k: v for k, v in runs[run][name].items() if k != "body"} for run in runs},
                "same_numbers": runs["rollups"][name]["body"] == runs["tips"][name]["body"],
            }
            for endpoint, name, _params in requests
        },
    }
