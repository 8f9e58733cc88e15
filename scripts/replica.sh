#!/usr/bin/env bash
# A streaming hot standby of the local PostgreSQL, for the read-replica tests and the scale check.
#
#   scripts/replica.sh start    make it (pg_basebackup) if missing or unusable, start it, wait
#                               until it streams from the primary
#   scripts/replica.sh stop     stop it (the data stays for the next start)
#   scripts/replica.sh reset    stop it and delete its data
#   scripts/replica.sh status   say whether it answers, streams, and how far behind it is
#
# The standby runs as the postgres user on REPLICA_PORT (5433) from REPLICA_DATA, a copy of the
# whole cluster: every database of the primary, test databases included, appears there.
# `start` lets the primary accept replication connections from the loopback (a line in its
# pg_hba.conf, then a reload) when it does not already.
set -euo pipefail

primary_host=127.0.0.1
primary_port=${PRIMARY_PORT:-5432}
port=${REPLICA_PORT:-5433}
data=${REPLICA_DATA:-/var/lib/postgresql/replica-$port}

psql_primary() { psql -h "$primary_host" -p "$primary_port" -U postgres -d postgres -Atqc "$1"; }
psql_replica() { psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc "$1"; }

major=$(psql_primary "SHOW server_version_num" | cut -c1-2)
bin=/usr/lib/postgresql/$major/bin
as_postgres() { runuser -u postgres -- "$@"; }

allow_replication() {
  local hba
  hba=$(psql_primary "SHOW hba_file")
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    echo "Letting the primary accept replication connections from 127.0.0.1 ($hba)"
    echo "host replication all 127.0.0.1/32 trust" >>"$hba"
    psql_primary "SELECT pg_reload_conf()" >/dev/null
  fi
}

streaming() {
  [ "$(psql_replica "SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')" 2>/dev/null)" = "t" ]
}

base_backup() {
  echo "Copying the primary into $data (pg_basebackup)"
  rm -rf "$data"
  mkdir -p "$(dirname "$data")"
  as_postgres pg_basebackup -h "$primary_host" -p "$primary_port" -U postgres -D "$data" \
    -R -X stream -c fast
  # A hot standby needs at least the primary's values of these.
  local setting
  {
    echo "port = $port"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '/var/run/postgresql'"
    echo "hot_standby = on"
    echo "hot_standby_feedback = on"
    echo "shared_buffers = 128MB"
    for setting in max_connections max_worker_processes max_wal_senders \
      max_prepared_transactions max_locks_per_transaction; do
      echo "$setting = $(psql_primary "SHOW $setting")"
    done
  } | as_postgres tee "$data/postgresql.conf" >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' |
    as_postgres tee "$data/pg_hba.conf" >/dev/null
  as_postgres touch "$data/pg_ident.conf"
}

start() {
  if streaming; then
    echo "Replica on :$port streams from :$primary_port"
    return 0
  fi
  allow_replication
  if pg_isready -h 127.0.0.1 -p "$port" -q; then
    as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
  fi
  if [ ! -f "$data/standby.signal" ]; then
    base_backup
  fi
  for attempt in 1 2; do
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/replica.log" -w -t 60 start >/dev/null
    for _ in $(seq 1 30); do
      streaming && break
      sleep 1
    done
    if streaming; then
      echo "Replica on :$port streams from :$primary_port"
      return 0
    fi
    # Too far behind (the primary recycled the WAL it needs) or broken: copy afresh, once.
    echo "The replica does not stream (attempt $attempt); its log ends with:"
    tail -5 "$data/replica.log" || true
    as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
    base_backup
  done
  echo "The replica on :$port could not be started" >&2
  exit 1
}

stop() {
  if [ -f "$data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop
  fi
}

status() {
  if ! pg_isready -h 127.0.0.1 -p "$port" -q; then
    echo "Replica on :$port: not running"
    return 1
  fi
  psql_replica "SELECT 'in recovery: ' || pg_is_in_recovery() || ', receiver: ' ||
    COALESCE((SELECT status FROM pg_stat_wal_receiver), 'none') || ', last replay: ' ||
    COALESCE(pg_last_xact_replay_timestamp()::text, 'none')"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  reset) stop; rm -rf "$data"; echo "Removed $data" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|reset|status" >&2; exit 2 ;;
esac
