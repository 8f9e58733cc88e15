#!/usr/bin/env bash
# Make sure the local PostgreSQL, Redis and RabbitMQ answer, start the ones that do not; then
# start the streaming replica and PgBouncer the tests read through.
set -euo pipefail

pg_host=${PGHOST_CHECK:-127.0.0.1}
if ! pg_isready -h "$pg_host" -p 5432 -q; then
  echo "PostgreSQL is not answering; starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do pg_isready -h "$pg_host" -p 5432 -q && break; sleep 1; done
fi
pg_isready -h "$pg_host" -p 5432

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Redis is not answering; starting it"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
fi
echo "Redis: $(redis-cli -h 127.0.0.1 -p 6379 ping)"

# RabbitMQ, the documented Celery broker (the broker tests use it).
rabbit_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
if ! rabbit_up; then
  echo "RabbitMQ is not answering; starting it"
  rabbitmq-server -detached
  for _ in $(seq 1 60); do rabbit_up && break; sleep 1; done
fi
rabbit_up && echo "RabbitMQ: answering on :5672"

# The streaming standby (read-replica tests) and PgBouncer (the pooler test).
"$(dirname "$0")/replica.sh" start
"$(dirname "$0")/pgbouncer.sh" start
