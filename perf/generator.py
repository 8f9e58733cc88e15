"""A realistic tip dataset at scale, generated with set-based SQL (no ORM row by row).

Websites, writers on levels (about one in eight without), clients, orders and class bundles,
then tips with their payments spread over `days`: most small and completed, websites of
different sizes. Table names come from the models.
"""

import time

from django.db import connection
from tqdm import tqdm

from accounts.models import User
from class_management.models import ClassBundle
from order_payments_management.models import OrderPayment
from orders.models import Order
from websites.models import Website
from writer_management.models import Tip, WriterLevel, WriterProfile

LEVELS = (("Junior", "30.00"), ("Intermediate", "40.00"), ("Senior", "50.00"))
REASONS = (
    "Thank you for the great work.",
    "Delivered ahead of the deadline.",
    "Excellent research and sources.",
    "Great communication throughout.",
)
CHUNK = 50_000

_MODELS = {
    "website": Website,
    "user": User,
    "writer_level": WriterLevel,
    "writer_profile": WriterProfile,
    "order": Order,
    "class_bundle": ClassBundle,
    "order_payment": OrderPayment,
    "tip": Tip,
}


class TipDataGenerator:
    """Writes the dataset into the default database; `say` and the progress bar report."""

    def __init__(self, *, say, progress_stream):
        self.say = say
        self.progress_stream = progress_stream
        self.tables = {name: model._meta.db_table for name, model in _MODELS.items()}

    def _execute(self, sql: str, params=()) -> None:
        # Always with parameters, so `%%` in the SQL is a literal `%` everywhere.
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**self.tables), list(params))

    def _scalar(self, sql: str, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**self.tables), list(params))
            return cursor.fetchone()[0]

    def generate(self, *, tips: int, websites: int, writers: int, clients: int, days: int) -> float:
        """Generate the dataset; return the seconds it took."""
        started = time.monotonic()
        steps = 7 + (tips + CHUNK - 1) // CHUNK
        with tqdm(total=steps, desc="Generating", unit="step", file=self.progress_stream) as bar:
            self._people(websites=websites, writers=writers, clients=clients)
            bar.update(3)
            self._references(orders=max(tips // 20, 100), bundles=max(tips // 100, 20))
            bar.update(1)
            # Loading millions of rows into indexed tables updates every index row by row; an
            # index built once over the loaded table costs a fraction of that.
            indexes = self._secondary_indexes(("{tip}", "{order_payment}"))
            for name, _definition in indexes:
                self._execute(f'DROP INDEX "{name}"')
            # The rows are consistent by construction, and checking each tip's seven foreign
            # keys one row at a time costs more than writing it: the session's triggers (those
            # checks) are off while loading (PostgreSQL's replica role; the bench role is a
            # superuser on its own scratch database).
            self._execute("SET session_replication_role = replica")
            try:
                self._tips(tips=tips, days=days, progress=bar.update)
            finally:
                self._execute("SET session_replication_role = DEFAULT")
            self._execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                self._execute(definition)
            bar.update(1)
            self._execute("VACUUM ANALYZE")
            bar.update(2)
        return time.monotonic() - started

    def _secondary_indexes(self, tables: tuple[str, ...]) -> list[tuple[str, str]]:
        """(name, CREATE INDEX statement) of the tables' indexes that back no constraint."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) "
                "ORDER BY i.indexname",
                [[table.format(**self.tables) for table in tables]],
            )
            return [(name, definition.replace("%", "%%")) for name, definition in cursor.fetchall()]

    def _people(self, *, websites: int, writers: int, clients: int) -> None:
        self._execute(
            "INSERT INTO {website} (name, domain, slug, is_active, created_at, updated_at) "
            "SELECT 'Bench website ' || g, 'bench-' || g || '.example.com', 'bench-' || g, "
            "true, now(), now() FROM generate_series(1, %s) g",
            [websites],
        )
        self._execute(
            "CREATE TEMP TABLE bench_site AS SELECT id AS website_id, "
            "(row_number() OVER (ORDER BY id) - 1)::int AS pos "
            "FROM {website} WHERE slug LIKE 'bench-%%'"
        )
        # A cheap password no one can log in with: the benchmark signs its own tokens.
        people = (
            ("writer", writers),
            ("client", clients),
            ("admin", websites),
        )
        for role, count in people:
            self._execute(
                "INSERT INTO {user} (password, is_superuser, username, first_name, "
                "last_name, is_staff, is_active, date_joined, email, role, updated_at, "
                "website_id) SELECT '!bench', false, 'bench_' || %s || '_' || g, '', '', "
                "%s, true, now(), 'bench_' || %s || '_' || g || '@example.com', %s, now(), "
                "s.website_id FROM generate_series(0, %s - 1) g "
                "JOIN bench_site s ON s.pos = g %% %s",
                [role, role == "admin", role, role, count, websites],
            )
        self._execute(
            "INSERT INTO {writer_level} (name, tip_percentage, display_order, "  # noqa: S608 - constants only
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
            "INSERT INTO {writer_profile} (pen_name, created_at, updated_at, "
            "user_id, website_id, level_id) "
            "SELECT '', now(), now(), u.id, u.website_id, "
            "CASE WHEN u.id %% 8 = 0 THEN NULL ELSE (SELECT l.id FROM {writer_level} "
            "l WHERE l.website_id = u.website_id ORDER BY l.display_order "
            "OFFSET (u.id %% 3) LIMIT 1) END "
            "FROM {user} u WHERE u.role = 'writer' AND u.username LIKE 'bench_%%'"
        )
        for table, role in (("bench_writer", "writer"), ("bench_client", "client")):
            level_columns = (
                ", l.id AS level_id, COALESCE(l.name, '') AS level_name, "
                "COALESCE(l.tip_percentage, 30.00) AS pct"
                if role == "writer"
                else ""
            )
            level_join = (
                " JOIN {writer_profile} p ON p.user_id = u.id "
                "LEFT JOIN {writer_level} l ON l.id = p.level_id"
                if role == "writer"
                else ""
            )
            self._execute(
                f"CREATE TEMP TABLE {table} AS SELECT u.id AS user_id, u.website_id, "  # noqa: S608 - constants only
                "(row_number() OVER (PARTITION BY u.website_id ORDER BY u.id) - 1)::int AS idx"
                f"{level_columns} FROM {{user}} u{level_join} "
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
            draws + "INSERT INTO {order} (order_number, title, status, total_price, "
            "writer_compensation, created_at, updated_at, client_id, website_id, writer_id) "
            "SELECT 'BENCH-' || d.g, 'Bench order ' || d.g, 'completed', 120.00, 70.00, now(), "
            "now(), c.user_id, n.website_id, w.user_id " + pick,
            [orders],
        )
        self._execute(
            draws + "INSERT INTO {class_bundle} (title, course, total_price, "
            "deposit_required, status, created_at, updated_at, client_id, website_id, "
            "assigned_writer_id, installments_enabled) "
            "SELECT 'Bench class ' || d.g, 'Statistics', 600.00, 0, 'active', now(), now(), "
            "c.user_id, n.website_id, w.user_id, true " + pick,
            [bundles],
        )
        for table, source, writer in (
            ("bench_order", "{order}", "writer_id"),
            ("bench_bundle", "{class_bundle}", "assigned_writer_id"),
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
        payment_base = self._scalar("SELECT COALESCE(max(id), 0) FROM {order_payment}")
        tip_base = self._scalar("SELECT COALESCE(max(id), 0) FROM {tip}")
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
                "INSERT INTO {order_payment} (id, payment_type, amount, "
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
                "INSERT INTO {tip} (id, tip_type, tip_amount, tip_reason, "
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
        for table in ("{order_payment}", "{tip}"):
            self._execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - constants only
                f"(SELECT max(id) FROM {table}))"
            )
