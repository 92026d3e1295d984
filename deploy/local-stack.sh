#!/usr/bin/env bash
# The whole system on this machine, on embedded defaults: a real KRaft Kafka broker, an embedded
# PostgreSQL, the three services and the demo data. State lives in deploy/.local.
#   deploy/local-stack.sh start     build, start everything, print the URLs and a token
#                                   (USAGE_SKIP_BUILD=1: start the jars built already, e.g. right after `mvnw verify`)
#   deploy/local-stack.sh stop      stop everything it started (by pid)
#   deploy/local-stack.sh status    show what runs
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STATE="$ROOT/deploy/.local"
PIDS="$STATE/pids"
CP="$ROOT/deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:$ROOT/deploy/local-stack/target/lib/*"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {
  if alive "$PIDS/stack.pid"; then
    kill "$(cat "$PIDS/stack.pid")" 2>/dev/null || true
    for _ in $(seq 1 60); do alive "$PIDS/stack.pid" || break; sleep 0.5; done
  fi
  # anything the supervisor could not stop (e.g. it was killed with -9)
  for f in "$PIDS"/*.pid; do
    [[ -f "$f" ]] || continue
    if alive "$f"; then kill "$(cat "$f")" 2>/dev/null || true; fi
  done
  sleep 1
  for f in "$PIDS"/*.pid; do
    [[ -f "$f" ]] || continue
    if alive "$f"; then kill -9 "$(cat "$f")" 2>/dev/null || true; fi
    rm -f "$f"
  done
  # embedded PostgreSQL runs under the supervisor; its postmaster.pid tells if it was left behind
  if [[ -f "$STATE/pgdata/postmaster.pid" ]]; then
    pgpid=$(head -1 "$STATE/pgdata/postmaster.pid")
    if kill -0 "$pgpid" 2>/dev/null; then kill "$pgpid" 2>/dev/null || true; sleep 2; fi
  fi
  rm -f "$STATE/ready"
  echo "local stack stopped"
}

start() {
  if alive "$PIDS/stack.pid"; then
    echo "already running (pid $(cat "$PIDS/stack.pid"))"; cat "$STATE/summary.txt" 2>/dev/null; exit 0
  fi
  stop >/dev/null
  if [[ "${USAGE_SKIP_BUILD:-}" == 1 ]]; then
    echo "starting the jars built already (USAGE_SKIP_BUILD=1)"
  else
    echo "building (first run downloads dependencies; later runs take ~1 min)..."
    ./mvnw -q -B -DskipTests install
  fi
  mkdir -p "$PIDS" "$STATE/logs"
  rm -f "$STATE/ready"
  nohup java -Xmx384m -Dusage.kafka.libs="$ROOT/deploy/kafka-broker/target/kafka-libs" \
    -cp "$CP" io.aigne.usage.localstack.LocalStack "$ROOT" > "$STATE/logs/stack.log" 2>&1 &
  echo $! > "$PIDS/stack.pid"
  echo "starting (log: deploy/.local/logs/stack.log)..."
  for _ in $(seq 1 1800); do
    if [[ -f "$STATE/ready" ]]; then cat "$STATE/summary.txt"; exit 0; fi
    if ! alive "$PIDS/stack.pid"; then
      echo "the local stack failed to start:"; tail -40 "$STATE/logs/stack.log"; stop >/dev/null; exit 1
    fi
    sleep 0.5
  done
  echo "timed out waiting for the local stack; see $STATE/logs"; exit 1
}

status() {
  for f in "$PIDS"/*.pid; do
    [[ -f "$f" ]] || { echo "not running"; return; }
    name=$(basename "$f" .pid)
    if alive "$f"; then echo "$name: running (pid $(cat "$f"))"; else echo "$name: not running"; fi
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status"; exit 2 ;;
esac
