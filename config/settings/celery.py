"""Celery: the broker, task defaults and the beat schedule."""

from config.settings.cache import REDIS_URL
from config.settings.environment import env

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
CELERY_RESULT_EXPIRES = 3600
# Tasks go to a queue by kind, each kind with workers of its own (`make worker`, compose), so a
# backlog of statistics never delays money: "money" moves points and checks wallets, "statistics"
# keeps the tip rollups, "housekeeping" prunes and marks. Unlisted tasks go to housekeeping.
# Every task acknowledges late and is idempotent: a worker killed mid-task loses nothing, the
# broker hands the task to another worker.
QUEUE_MONEY, QUEUE_STATISTICS, QUEUE_HOUSEKEEPING, QUEUE_WEBHOOKS = (
    "money",
    "statistics",
    "housekeeping",
    "webhooks",
)
CELERY_TASK_DEFAULT_QUEUE = QUEUE_HOUSEKEEPING
CELERY_TASK_ROUTES = {
    "loyalty_management.points_earn_for_payment_task": {"queue": QUEUE_MONEY},
    "loyalty_management.points_refund_for_payment_task": {"queue": QUEUE_MONEY},
    "loyalty_management.points_expire_task": {"queue": QUEUE_MONEY},
    "order_payments_management.wallets_reconcile_task": {"queue": QUEUE_MONEY},
    "writer_management.tip_stats_refresh_task": {"queue": QUEUE_STATISTICS},
    "writer_management.tip_stats_reconcile_task": {"queue": QUEUE_STATISTICS},
    "class_management.installments_mark_overdue_task": {"queue": QUEUE_HOUSEKEEPING},
    "core.idempotency_keys_prune_task": {"queue": QUEUE_HOUSEKEEPING},
    "core.ping": {"queue": QUEUE_HOUSEKEEPING},
    "approvals.adjustments_expire_task": {"queue": QUEUE_HOUSEKEEPING},
    "loyalty_management.redemptions_sla_breach_task": {"queue": QUEUE_HOUSEKEEPING},
    # Webhooks wait on other people's servers (up to the timeout): a queue of their own.
    "webhooks.events_dispatch_task": {"queue": QUEUE_WEBHOOKS},
    "webhooks.deliveries_send_task": {"queue": QUEUE_WEBHOOKS},
    "webhooks.deliveries_due_task": {"queue": QUEUE_WEBHOOKS},
    "webhooks.events_prune_task": {"queue": QUEUE_HOUSEKEEPING},
}
WORKER_QUEUES = ",".join((QUEUE_MONEY, QUEUE_STATISTICS, QUEUE_HOUSEKEEPING, QUEUE_WEBHOOKS))
CELERY_TIMEZONE = "UTC"
# Periodic tasks (celery beat); each runs a task that is safe to run twice.
CELERY_BEAT_SCHEDULE = {
    "idempotency-keys-prune": {"task": "core.idempotency_keys_prune_task", "schedule": 3600.0},
    "wallets-reconcile": {
        "task": "order_payments_management.wallets_reconcile_task",
        "schedule": 6 * 3600.0,
    },
    "installments-mark-overdue": {
        "task": "class_management.installments_mark_overdue_task",
        "schedule": 3600.0,
    },
    "tip-stats-reconcile": {
        "task": "writer_management.tip_stats_reconcile_task",
        "schedule": 24 * 3600.0,
    },
    # The safety net of the outbox: events whose dispatch was never queued (a broker outage at
    # the commit) and deliveries whose retry is due.
    "webhooks-dispatch": {"task": "webhooks.events_dispatch_task", "schedule": 30.0},
    "webhooks-deliveries-due": {"task": "webhooks.deliveries_due_task", "schedule": 15.0},
    "webhooks-events-prune": {"task": "webhooks.events_prune_task", "schedule": 24 * 3600.0},
    "redemptions-sla-breach": {
        "task": "loyalty_management.redemptions_sla_breach_task",
        "schedule": 300.0,
    },
    "adjustments-expire": {"task": "approvals.adjustments_expire_task", "schedule": 300.0},
    "loyalty-points-expire": {
        "task": "loyalty_management.points_expire_task",
        "schedule": 24 * 3600.0,
    },
}
