#!/usr/bin/env bash
# Starts (or stops) the MariaDB and PostgreSQL servers the JDBC tests use, on 127.0.0.1 only.
#   scripts/test-databases.sh install   # Debian packages (root), once per machine
#   scripts/test-databases.sh start     # prints the environment the tests read; eval it:
#   eval "$(scripts/test-databases.sh start)"
#   scripts/test-databases.sh stop
# Data lives under $TEST_DB_DIR (default /tmp/sales-pipelines-db); both servers use password auth.
set -euo pipefail
DIR="${TEST_DB_DIR:-/tmp/sales-pipelines-db}"
MARIADB_PORT="${TEST_MARIADB_PORT:-3306}"
POSTGRES_PORT="${TEST_POSTGRES_PORT:-5432}"
USER_NAME=sales
PASSWORD="${TEST_DB_PASSWORD:-sales-test-Pw1}"

log() { echo "$*" >&2; }

install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v mariadbd >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq >&2
    apt-get install -y -qq mariadb-server postgresql >&2
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

start_mariadb() {
  local d="$DIR/mariadb"
  mkdir -p "$d"
  if [ ! -d "$d/data/mysql" ]; then
    mariadb-install-db --user=root --datadir="$d/data" --auth-root-authentication-method=socket \
      --skip-test-db >"$d/install.log" 2>&1
  fi
  if ! mariadb-admin --socket="$d/mysqld.sock" ping >/dev/null 2>&1; then
    mariadbd --no-defaults --user=root --datadir="$d/data" --bind-address=127.0.0.1 \
      --port="$MARIADB_PORT" --socket="$d/mysqld.sock" --pid-file="$d/mysqld.pid" \
      --log-error="$d/error.log" >/dev/null 2>&1 &
    for _ in $(seq 1 60); do
      mariadb-admin --socket="$d/mysqld.sock" ping >/dev/null 2>&1 && break
      sleep 0.5
    done
  fi
  mariadb --socket="$d/mysqld.sock" -u root <<SQL
CREATE DATABASE IF NOT EXISTS sales CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD';
GRANT ALL ON sales.* TO '$USER_NAME'@'127.0.0.1';
GRANT ALL ON sales.* TO '$USER_NAME'@'localhost';
SQL
  log "MariaDB on 127.0.0.1:$MARIADB_PORT"
}

start_postgres() {
  local d="$DIR/postgres" bin
  bin="$(pg_bin)"
  mkdir -p "$d"
  chown postgres "$d"
  if [ ! -f "$d/data/PG_VERSION" ]; then
    printf '%s' "$PASSWORD" >"$d/pw"
    chown postgres "$d/pw"
    runuser -u postgres -- "$bin/initdb" -D "$d/data" -U postgres --auth=scram-sha-256 \
      --pwfile="$d/pw" >"$d/initdb.log" 2>&1
    rm -f "$d/pw"
  fi
  if ! runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" status >/dev/null 2>&1; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -l "$d/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $d" -w start >/dev/null
  fi
  export PGPASSWORD="$PASSWORD"
  local psql=("$bin/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
  # Captured, not piped to grep -q: under pipefail an early-closing grep could fail the check.
  local found
  found="$("${psql[@]}" -d postgres -tAc "SELECT count(*) FROM pg_roles WHERE rolname='$USER_NAME'")"
  [ "$found" = 1 ] || "${psql[@]}" -d postgres -c "CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD'"
  found="$("${psql[@]}" -d postgres -tAc "SELECT count(*) FROM pg_database WHERE datname='sales'")"
  [ "$found" = 1 ] || "${psql[@]}" -d postgres -c "CREATE DATABASE sales OWNER $USER_NAME"
  log "PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
}

stop_all() {
  [ -f "$DIR/mariadb/mysqld.pid" ] && kill "$(cat "$DIR/mariadb/mysqld.pid")" 2>/dev/null || true
  [ -d "$DIR/postgres/data" ] && runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$DIR/postgres/data" stop -m fast >/dev/null 2>&1 || true
}

case "${1:-}" in
  install) install_packages ;;
  start)
    start_mariadb
    start_postgres
    echo "export TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:$MARIADB_PORT/sales"
    echo "export TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/sales"
    echo "export TEST_DB_USER=$USER_NAME"
    echo "export TEST_DB_PASSWORD=$PASSWORD"
    ;;
  stop) stop_all ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
