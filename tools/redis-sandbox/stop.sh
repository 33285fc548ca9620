#!/usr/bin/env bash
# Stops the redis-sandbox controller started by start.sh: SIGTERM to its recorded (and verified) pid,
# which stops every Redis process it runs; SIGKILL after 20 s. Then `redis-sandbox reap` kills what a
# killed (or crashed) controller left behind. Idempotent: nothing running is not an error.
set -euo pipefail

# shellcheck source=start.sh
. "$(dirname "${BASH_SOURCE[0]}")/start.sh"

case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,4p' "$0"; exit 0;;
  *) die "unknown argument: $1";;
esac

if pid="$(sandbox_pid)"; then
  log "stopping the controller (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do # up to 20 s
    process_alive "$pid" || break
    sleep 0.2
  done
  if process_alive "$pid"; then
    log "the controller (pid $pid) did not exit after 20s; sending SIGKILL"
    # start.sh made it a session leader: its process group holds the Redis processes it did not detach.
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$(pidfile redis-sandbox)"
  log "controller stopped"
else
  log "controller not running"
fi

if [ -x "$SANDBOX_BIN" ] && [ -d "$SANDBOX_STATE_DIR" ]; then
  # shellcheck source=../../scripts/node-env.sh
  (. "$REPO_ROOT/scripts/node-env.sh" && "$SANDBOX_BIN" reap --state-dir "$SANDBOX_STATE_DIR" >&2) ||
    log "WARNING: redis-sandbox reap failed; Redis processes of a killed controller may be left running"
fi
