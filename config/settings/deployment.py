"""The deployment commands: required environment, backups, PostgreSQL client programs, smoke."""

from pathlib import Path

from config.settings.environment import BASE_DIR, env

# Deployment commands (`preflight`, `backup_db`, `verify_backup`, `restore_db`, `smoke`; see
# docs/DEPLOYMENT.md). They read the environment only through these values.
DEPLOYMENT_REQUIRED_ENV = [
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CORS_ALLOWED_ORIGINS",
]
DEPLOYMENT_OPTIONAL_ENV = ["JWT_SIGNING_KEY"]
DEPLOYMENT_ENV_PRESENT = {
    name: bool(env.str(name, default="").strip())
    for name in [*DEPLOYMENT_REQUIRED_ENV, *DEPLOYMENT_OPTIONAL_ENV]
}
DEPLOYMENT_REQUIREMENTS_FILES = [BASE_DIR / "requirements.txt"]
DEPLOYMENT_MIGRATION_LINT_ALLOWLIST = BASE_DIR / "deployment" / "migration_lint_allowlist.toml"
# Where PostgreSQL's client programs live (pg_dump, pg_restore, psql); empty: found on PATH.
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# The money and points tables (SQL LIKE patterns) whose rows every backup manifest checksums.
BACKUP_CHECKSUM_TABLES = env.list(
    "BACKUP_CHECKSUM_TABLES",
    default=[
        "order_payments_management_wallet%",
        "order_payments_management_orderpayment%",
        "order_payments_management_discount%",
        "class_management_classbundle%",
        "class_management_classinstallment%",
        "fines_fine%",
        "writer_management_tip%",
        "loyalty_management_%",
    ],
)
# Post-deploy smoke test (`manage.py smoke`, `python test_tip_management_endpoints.py`).
SMOKE_BASE_URL = env.str("SMOKE_BASE_URL", default="http://localhost:8000")
SMOKE_TOKEN = env.str("SMOKE_TOKEN", default="")
SMOKE_USERNAME = env.str("SMOKE_USERNAME", default="superadmin")
SMOKE_PASSWORD = env.str("SMOKE_PASSWORD", default="demo-pass-123")

# Release rehearsals (`manage.py rehearse_release`, docs/DEPLOYMENT.md): where previous releases
# are checked out and their virtualenvs kept; the timeouts each migration runs with (PostgreSQL's
# lock_timeout and statement_timeout, in ms); the longest a request may wait on a lock a
# migration holds before the rehearsal fails (ms).
REHEARSAL_DIR = Path(env.str("REHEARSAL_DIR", default=str(BASE_DIR / ".rehearsal")))
MIGRATION_LOCK_TIMEOUT_MS = env.int("MIGRATION_LOCK_TIMEOUT_MS", default=3000)
MIGRATION_STATEMENT_TIMEOUT_MS = env.int("MIGRATION_STATEMENT_TIMEOUT_MS", default=120000)
REHEARSAL_LOCK_WAIT_BUDGET_MS = env.int("REHEARSAL_LOCK_WAIT_BUDGET_MS", default=1000)
