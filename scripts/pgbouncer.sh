#!/usr/bin/env bash
# PgBouncer (Debian's package) in transaction mode in front of the local PostgreSQL.
#
#   scripts/pgbouncer.sh start    install it if missing, start it on PGBOUNCER_PORT (6432)
#   scripts/pgbouncer.sh stop
#   scripts/pgbouncer.sh status   its pools (SHOW POOLS on the admin console)
#
# Every database of the primary is reachable through it by name. The service needs
# DB_TRANSACTION_POOLING=true behind it (no server-side cursors; see docs/SCALING.md).
set -euo pipefail

port=${PGBOUNCER_PORT:-6432}
primary_port=${PRIMARY_PORT:-5432}
dir=${PGBOUNCER_DIR:-/var/lib/postgresql/pgbouncer-$port}
ini=$dir/pgbouncer.ini

install() {
  if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
    echo "Installing PgBouncer (Debian's package)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
    # Debian's own instance is not ours: keep it from holding the port on a later boot.
    (service pgbouncer stop || true) >/dev/null 2>&1
  fi
}

configure() {
  mkdir -p "$dir"
  cat >"$ini" <<EOF
[databases]
* = host=127.0.0.1 port=$primary_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
reserve_pool_size = 5
server_reset_query =
# Idle server connections close soon, so a database can be dropped (tests recreate theirs).
server_idle_timeout = 10
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  echo '"postgres" ""' >"$dir/userlist.txt"
  chown -R postgres:postgres "$dir"
}

answering() { psql -h 127.0.0.1 -p "$port" -U postgres -d pgbouncer -Atqc "SHOW VERSION" >/dev/null 2>&1; }

start() {
  if answering; then
    echo "PgBouncer answers on :$port"
    return 0
  fi
  install
  configure
  runuser -u postgres -- /usr/sbin/pgbouncer -d -q "$ini"
  for _ in $(seq 1 30); do
    answering && break
    sleep 0.2
  done
  if ! answering; then
    echo "PgBouncer did not start on :$port; its log:" >&2
    tail -20 "$dir/pgbouncer.log" >&2 || true
    exit 1
  fi
  echo "PgBouncer answers on :$port (transaction pooling, to :$primary_port)"
}

stop() {
  if [ -f "$dir/pgbouncer.pid" ]; then
    kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
    rm -f "$dir/pgbouncer.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) psql -h 127.0.0.1 -p "$port" -U postgres -d pgbouncer -c "SHOW POOLS" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
