#!/usr/bin/env bash
# Starts (or stops) the Kinesis-compatible server the Kinesis tests use: kinesalite, in memory, on
# 127.0.0.1 only.
#   scripts/kinesis-server.sh install   # Node.js from Debian if missing (root), kinesalite from npm
#   scripts/kinesis-server.sh start     # prints the environment the tests read; eval it:
#   eval "$(scripts/kinesis-server.sh start)"
#   scripts/kinesis-server.sh stop
# kinesalite's version is pinned in scripts/kinesalite/package.json and package-lock.json; it is
# installed into scripts/kinesalite/node_modules (git-ignored). Its pid and log live under
# $TEST_KINESIS_DIR (default /tmp/sales-pipelines-kinesis). Streams are lost when it stops.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
APP="$HERE/kinesalite"
DIR="${TEST_KINESIS_DIR:-/tmp/sales-pipelines-kinesis}"
PORT="${TEST_KINESIS_PORT:-4567}"

log() { echo "$*" >&2; }

install_server() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq nodejs npm >&2
  fi
  # The optional leveldown (a native module) is only for an on-disk store; in memory needs none.
  (cd "$APP" && npm ci --omit=optional --no-audit --no-fund --loglevel=error >&2)
}

# True when something answers HTTP on the port (kinesalite answers a bare GET with 403).
answers() {
  node -e '
    require("http").get({host: "127.0.0.1", port: +process.argv[1], path: "/", timeout: 1000},
      function(res) { process.exit(0) })
      .on("error", function() { process.exit(1) })
      .on("timeout", function() { process.exit(1) })' "$PORT" 2>/dev/null
}

running_pid() {
  [ -f "$DIR/kinesalite.pid" ] || return 1
  local pid
  pid="$(cat "$DIR/kinesalite.pid")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start_server() {
  if [ ! -d "$APP/node_modules/kinesalite" ]; then
    log "kinesalite is not installed: run $0 install first"
    exit 1
  fi
  mkdir -p "$DIR"
  if ! running_pid >/dev/null; then
    if answers; then
      log "port $PORT on 127.0.0.1 is taken by another process (set TEST_KINESIS_PORT)"
      exit 1
    fi
    nohup node "$APP/server.js" "$PORT" >"$DIR/kinesalite.log" 2>&1 </dev/null &
    echo $! >"$DIR/kinesalite.pid"
  fi
  for _ in $(seq 1 100); do
    answers && break
    running_pid >/dev/null || break
    sleep 0.1
  done
  if ! answers; then
    log "kinesalite did not start on 127.0.0.1:$PORT; its log ($DIR/kinesalite.log):"
    cat "$DIR/kinesalite.log" >&2 || true
    exit 1
  fi
  log "kinesalite on 127.0.0.1:$PORT"
}

stop_server() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$DIR/kinesalite.pid"
}

case "${1:-}" in
  install) install_server ;;
  start)
    start_server
    echo "export TEST_KINESIS_ENDPOINT=http://127.0.0.1:$PORT"
    ;;
  stop) stop_server ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
