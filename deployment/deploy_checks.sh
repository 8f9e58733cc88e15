#!/usr/bin/env bash
# The deployment checklist end to end, as CI runs it (`make deploy-checks`): on a database of its
# own, with the compose web service's production settings and a real Celery worker, run
# `preflight --strict`, a backup -> verify round trip and the rollback round trip. Exits non-zero
# at the first step that fails.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
CELERY=${CELERY:-.venv/bin/celery}
PG=${DEPLOY_CHECK_PG:-postgres://postgres@127.0.0.1:5432}
DB=${DEPLOY_CHECK_DB:-writing_system_deploy_check}
REDIS=${DEPLOY_CHECK_REDIS_URL:-redis://127.0.0.1:6379/13}
PREFLIGHT_ARGS=${PREFLIGHT_ARGS:-}

workdir=$(mktemp -d)
worker=""
cleanup() {
  if [[ -n "$worker" ]]; then kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# The settings docker-compose.yml gives the web service (its shipped defaults) with the variables
# the documentation says to set; then this machine's database and Redis instead of compose's.
SECRET_KEY="deploy-check-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
CORS_ALLOWED_ORIGINS=https://admin.example.com
RABBITMQ_PASSWORD="deploy-check-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export SECRET_KEY CORS_ALLOWED_ORIGINS RABBITMQ_PASSWORD
compose_env=$("$PY" -m deployment.compose web)
eval "$compose_env"
export DATABASE_URL="$PG/$DB"
export DB_TRANSACTION_POOLING=false  # the primary itself, not compose's PgBouncer
export REDIS_URL="$REDIS"
export CELERY_BROKER_URL="$REDIS"
export CELERY_RESULT_BACKEND="$REDIS"
export STATIC_ROOT="$workdir/static"
export BACKUP_DIR="$workdir/backups"

echo "== database $DB (recreated)"
psql "$PG/postgres" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" \
  -c "CREATE DATABASE \"$DB\""
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo --allow-production >/dev/null  # a scratch database
"$PY" manage.py collectstatic --noinput -v0

echo "== Celery worker"
"$CELERY" -A config worker --pool=solo --loglevel=WARNING -n "deploy-check-$$@%h" \
  --queues money,statistics,housekeeping,webhooks \
  >"$workdir/worker.log" 2>&1 &
worker=$!
for _ in $(seq 1 60); do
  "$CELERY" -A config inspect ping --timeout 1 >/dev/null 2>&1 && break
  sleep 1
done

echo "== preflight --strict"
# shellcheck disable=SC2086 # PREFLIGHT_ARGS holds several options on purpose
"$PY" manage.py preflight --strict $PREFLIGHT_ARGS

echo "== backup and verify"
"$PY" manage.py backup_db --keep 1
"$PY" manage.py verify_backup "$(ls -1 "$BACKUP_DIR"/*.dump | tail -1)"

echo "== rollback round trip"
"$PY" manage.py rollback_check

# The previous release is the parent of the newest commit that changed a migration: it makes
# demo data in its own schema, serves it under load while this release's migrations run, and so
# on (docs/DEPLOYMENT.md, "Release rehearsal"). A migration that breaks it fails here.
echo "== release rehearsal (the previous release under load while this one migrates and takes over)"
"$PY" manage.py rehearse_release --demo-data --phase-seconds 4 --no-docs

psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
echo "== deployment checks passed"
