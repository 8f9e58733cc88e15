"""Webhooks: delivery limits, retries, the key that encrypts endpoint secrets, and SSRF rules."""

from config.settings.environment import DJANGO_ENV, env

# Fernet keys (comma-separated; the first encrypts, all decrypt, so a key can be rotated) that
# encrypt the endpoints' signing secrets at rest. Unset: one derived from SECRET_KEY, so a
# database dump alone still reveals no secret; set it so that rotating SECRET_KEY keeps them.
WEBHOOK_SECRETS_KEYS = env.list("WEBHOOK_SECRETS_KEYS", default=[])
# Receivers on private, loopback or link-local addresses (and plain http:// to loopback): for
# development and tests only. Production always refuses them (config/settings/production.py).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool(
    "WEBHOOK_ALLOW_PRIVATE_TARGETS", default=DJANGO_ENV != "production"
)
# A receiver must answer 2xx within this many seconds, or the attempt failed.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Retries: exponential from the base up to the cap, with jitter, for the window; then the
# delivery has failed and its endpoint is marked failing.
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=30)
WEBHOOK_RETRY_MAX_SECONDS = env.int("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 3600)
WEBHOOK_RETRY_WINDOW_HOURS = env.int("WEBHOOK_RETRY_WINDOW_HOURS", default=72)
# A worker holds a delivery this long while it sends; a worker that died frees it after that.
WEBHOOK_LEASE_SECONDS = env.int("WEBHOOK_LEASE_SECONDS", default=60)
# Readiness and preflight call the outbox stuck when an event waits longer than this to be sent.
WEBHOOK_OUTBOX_MAX_AGE_SECONDS = env.int("WEBHOOK_OUTBOX_MAX_AGE_SECONDS", default=300)
# Events (with their deliveries) are kept this long once every delivery has finished.
WEBHOOK_EVENT_RETENTION_DAYS = env.int("WEBHOOK_EVENT_RETENTION_DAYS", default=30)
# How long a rotated-out secret keeps signing next to the new one, by default and at most.
WEBHOOK_SECRET_OVERLAP_HOURS = env.int("WEBHOOK_SECRET_OVERLAP_HOURS", default=24)
WEBHOOK_SECRET_OVERLAP_MAX_HOURS = 7 * 24
# Endpoints per website: enough for every integration, few enough that no admin fans one
# event out into thousands of requests.
WEBHOOK_MAX_ENDPOINTS_PER_WEBSITE = env.int("WEBHOOK_MAX_ENDPOINTS_PER_WEBSITE", default=20)
