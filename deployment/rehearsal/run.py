"""A release rehearsed under live traffic, on a copy of the data (`manage.py rehearse_release`).

Phases, with the load running through all of them:

1. the previous release serves the restored data (or data it made itself: demo data);
2. the migration lint judges the new release's pending migrations, then they are applied one
   at a time with the lock and statement timeouts while the previous release keeps serving;
3. the new release starts, the load moves to it, the previous one stops gracefully; then the
   new one is reloaded (`HUP`) under load;
4. the previous release serves again and the rollback commands run (writes paused, reads go on,
   so the rows can be compared), then the migrations are applied forward again; every row of a
   table the rollback keeps must come back unchanged;
5. the new release serves again.

Then the money and points invariants are checked over everything, the load's rows included.
"""

import json
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from deployment import postgres
from deployment.backups import _applied_migrations, checksum_result
from deployment.rehearsal.load import Load
from deployment.rehearsal.migrating import (
    MigrationRun,
    migrate_backward,
    migrate_forward,
    rollback_commands,
)
from deployment.rehearsal.releases import (
    Gunicorn,
    Release,
    ReleaseError,
    latest_migrations,
    previous_checkout,
    previous_release,
    previous_remove,
    this_release,
)
from deployment.rollback import compare_snapshots, snapshot

SUFFIX = "_rehearsal"
ACTORS = "from perf.actors import main; main()"


class RehearsalError(RuntimeError):
    """The rehearsal could not run (as opposed to a rehearsal that ran and failed its checks)."""


@dataclass
class PhaseResult:
    phase: str
    requests: int
    failed: int
    p50_ms: float
    p99_ms: float
    failures: list[str] = field(default_factory=list)


@dataclass
class RehearsalReport:
    started_at: str
    database: str
    data: str
    previous: str
    phases: list[PhaseResult] = field(default_factory=list)
    migrations: list[MigrationRun] = field(default_factory=list)
    rollback_commands: list[str] = field(default_factory=list)
    rollback_problems: list[str] = field(default_factory=list)
    rollback_lost: list[str] = field(default_factory=list)
    tips_written: int = 0
    redemptions_written: int = 0
    invariant_violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed_requests(self) -> int:
        return sum(phase.failed for phase in self.phases)

    @property
    def passed(self) -> bool:
        return not (
            self.failed_requests
            or self.errors
            or self.rollback_problems
            or self.invariant_violations
            or any(run.failed for run in self.migrations)
        )

    def as_json(self) -> str:
        data = asdict(self)
        data.update(passed=self.passed, failed_requests=self.failed_requests)
        return json.dumps(data, indent=2)

    def as_text(self) -> str:
        verdict = "passed" if self.passed else "**FAILED**"
        lines = [
            f"Rehearsal of {self.started_at}: {verdict}. Data: {self.data}, restored into "
            f"`{self.database}`; previous release {self.previous}; the new release is this "
            f"checkout. Failed requests: {self.failed_requests}.",
            "",
            "| phase | requests | failed | p50 ms | p99 ms |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {p.phase} | {p.requests} | {p.failed} | {p.p50_ms:.0f} | {p.p99_ms:.0f} |"
            for p in self.phases
        ]
        lines += ["", "| migration | direction | seconds | worst lock wait of a request ms | |",
                  "|---|---|---|---|---|"]  # fmt: skip
        lines += [
            f"| {run.migration} | {run.direction} | {run.seconds:.1f} | "
            f"{run.worst_lock_wait_ms:.0f} | {'**' + run.error + '**' if run.failed else 'ok'} |"
            for run in self.migrations
        ]
        lines += [
            "",
            f"Rollback commands: {', '.join(f'`{c}`' for c in self.rollback_commands) or 'none'}. "
            f"Rows of the tables the rollback keeps, compared row for row: "
            + (
                "unchanged."
                if not self.rollback_problems
                else f"**{len(self.rollback_problems)} "
                "differences**: " + "; ".join(self.rollback_problems[:5]) + "."
            )
            + (
                f" What the rollback drops (the previous release has no place for it): "
                f"{'; '.join(self.rollback_lost)}."
                if self.rollback_lost
                else ""
            ),
            f"Rows written by the load: {self.tips_written} tips, {self.redemptions_written} "
            f"redemption requests. Money and points invariants: "
            + (
                "all hold."
                if not self.invariant_violations
                else f"**{len(self.invariant_violations)} violations**."
            ),
        ]
        for phase in self.phases:
            lines += [f"- {phase.phase}: `{failure}`" for failure in phase.failures[:3]]
        lines += [f"- **{error}**" for error in self.errors]
        return "\n".join(lines)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] * 1000


def _child_env(settings_dict: dict, database: str) -> dict:
    """What both releases run with: the rehearsal database, no broker, no replicas."""
    import os

    return {
        **os.environ,  # noqa: TID251 - the releases are child processes configured by variables
        "DJANGO_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": postgres.database_url(settings_dict, database),
        "DATABASE_REPLICA_URLS": "",
        "DB_TRANSACTION_POOLING": "false",
        "CELERY_BROKER_URL": "",
        "CACHE_KEY_PREFIX": f"rehearsal-{database}",
        "DEBUG": "false",
        "LOG_FILE": "",
        "LOG_LEVEL": "WARNING",
        "THROTTLE_USER_RATE": "1000000/min",
        "JWT_ACCESS_TOKEN_MINUTES": "120",
    }


def rehearse(
    *,
    database: str,
    backup: Path | None,
    ref: str | None,
    phase_seconds: float,
    keep: bool = False,
    progress=print,
) -> RehearsalReport:
    if not database.endswith(SUFFIX):
        raise RehearsalError(
            f"refusing {database}: a rehearsal database's name ends in {SUFFIX} (the live "
            "database is never touched)"
        )
    settings_dict = postgres.settings_for()
    if database == settings_dict["NAME"]:
        raise RehearsalError(f"refusing {database}: it is the configured database")
    applied_in_backup = None
    data = "demo data made by the previous release"
    if backup is not None:
        verified, manifest = checksum_result(backup)
        if manifest is None:
            raise RehearsalError(f"{backup}: {verified.name}: {verified.detail}")
        applied_in_backup = manifest.get("applied_migrations") or None
        data = f"backup `{backup.name}`"
    previous_ref = ref or previous_release(applied_in_backup)
    report = RehearsalReport(
        started_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        database=database,
        data=data,
        previous=previous_ref[:12],
    )
    Path(settings.REHEARSAL_DIR).mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="rehearsal-", dir=settings.REHEARSAL_DIR))
    env = _child_env(settings_dict, database)
    new = this_release()

    def connect():
        return postgres.connected(settings_dict, database)

    postgres.database_drop(settings_dict, database)
    postgres.database_create(settings_dict, database)
    progress(f"previous release {previous_ref[:12]}: worktree and virtualenv ...")
    old = previous_checkout(previous_ref, workdir)
    servers: list[Gunicorn] = []
    try:
        if backup is not None:
            options, _, pg_env = postgres.connection_args(settings_dict)
            postgres.run_program(
                "pg_restore",
                [*options, f"--dbname={database}", "--no-owner", "--no-privileges",
                 "--exit-on-error", str(backup)],
                pg_env,
            )  # fmt: skip
        else:
            progress("the previous release migrates and loads demo data ...")
            old.manage("migrate", "--noinput", "-v", "0", env=env)
            old.manage("seed_demo", env=env)
        actors_out = old.manage("shell", "-c", ACTORS, env=env)
        actors = json.loads(
            next(line for line in actors_out.splitlines() if line.startswith("ACTORS "))[7:]
        )
        _run_phases(report, old, new, env, actors, connect, previous_ref, phase_seconds, workdir,
                    servers, progress)  # fmt: skip
        progress("checking the money and points invariants ...")
        result = new.run("check_invariants", "--json", env=env)
        try:
            found = json.loads(result.stdout.strip().splitlines()[-1])["violations"]
            report.invariant_violations = [f"{v['invariant']}: {tuple(v['row'])}" for v in found]
        except (ValueError, IndexError, KeyError):
            report.errors.append(f"check_invariants: {result.stderr.strip()[-500:]}")
    except ReleaseError as error:
        report.errors.append(str(error))
    finally:
        for server in servers:
            server.stop()
        previous_remove(old)
        if not keep:
            postgres.database_drop(settings_dict, database)
    return report


def _phase(load: Load, name: str, seconds: float, progress) -> None:
    progress(f"{name} ...")
    load.phase(name)
    time.sleep(seconds)


def _run_phases(report, old: Release, new: Release, env, actors, connect, previous_ref,
                phase_seconds, workdir, servers, progress) -> None:  # fmt: skip
    serving = Gunicorn(old, env, workdir / "old-1.log").start()
    servers.append(serving)
    with Load(actors, serving.port) as load:
        _phase(load, "previous release", phase_seconds, progress)
        lint = new.run("migrate", "--dry-run", env=env)
        if lint.returncode != 0:
            report.errors.append(
                "the migration lint flags a pending migration the previous release cannot run "
                "against: " + " | ".join(lint.stdout.strip().splitlines()[-6:])
            )
            _close(report, load)
            return
        progress("migrating under load (the previous release serving) ...")
        load.phase("migrate, previous release serving")
        report.migrations += migrate_forward(new, env, connect=connect, database=env_database(env))
        if any(run.failed for run in report.migrations):
            _close(report, load)
            return
        _phase(load, "migrated, previous release serving", phase_seconds, progress)

        progress("switching to the new release ...")
        serving = _switch(load, new, env, workdir / "new-1.log", servers, serving)
        _phase(load, "new release", phase_seconds, progress)
        serving.reload()
        _phase(load, "new release reloaded (HUP)", phase_seconds, progress)

        progress("back to the previous release, then the rollback ...")
        serving = _switch(load, old, env, workdir / "old-2.log", servers, serving)
        _phase(load, "previous release again", phase_seconds, progress)
        load.pause_writes(True)
        time.sleep(1)  # writes in flight finish
        with connect() as connection:
            applied = _applied_migrations(connection)
            before = snapshot(connection)
        commands = rollback_commands(
            applied, latest_migrations(previous_ref), set(latest_migrations("HEAD"))
        )
        report.rollback_commands = [
            f"python manage.py migrate {app} {target}" for app, target in commands
        ]
        load.phase("rollback, previous release serving (writes paused)")
        backward = migrate_backward(new, env, commands, connect=connect, database=env_database(env))
        report.migrations += backward
        if any(run.failed for run in backward):
            load.pause_writes(False)
            _close(report, load)
            return
        with connect() as connection:
            rolled_back = snapshot(connection)
        load.phase("forward again, previous release serving (writes paused)")
        report.migrations += migrate_forward(new, env, connect=connect, database=env_database(env))
        with connect() as connection:
            after = snapshot(connection)
        report.rollback_problems, report.rollback_lost = compare_snapshots(
            before, rolled_back, after, accepted_losses={}, documented_changes={}
        )
        load.pause_writes(False)
        _phase(load, "previous release, writes again", phase_seconds, progress)
        progress("the new release again ...")
        serving = _switch(load, new, env, workdir / "new-2.log", servers, serving)
        _phase(load, "new release again", phase_seconds, progress)
        _close(report, load)


def env_database(env: dict) -> str:
    return env["DATABASE_URL"].rsplit("/", 1)[-1].split("?", 1)[0]


def _switch(load: Load, release: Release, env, log_path, servers, serving: Gunicorn) -> Gunicorn:
    """Start `release`, move the load to it, stop the one serving (its requests finish)."""
    started = Gunicorn(release, env, log_path).start()
    servers.append(started)
    load.phase(f"switch {len(servers) - 1}: to the {release.label} release")
    load.move_to(started.port)
    time.sleep(1)  # every load thread's next request goes to the new port
    serving.stop()
    return started


def _close(report: RehearsalReport, load: Load) -> None:
    load.stop.set()
    for thread in load.threads:
        thread.join(timeout=60)
    state = load.state
    report.tips_written = state.tips_written
    report.redemptions_written = state.redemptions_written
    for name, numbers in state.phases.items():
        report.phases.append(
            PhaseResult(
                phase=name,
                requests=len(numbers.latencies) + len(numbers.failures),
                failed=len(numbers.failures),
                p50_ms=_percentile(numbers.latencies, 0.5),
                p99_ms=_percentile(numbers.latencies, 0.99),
                failures=numbers.failures[:5],
            )
        )
