#!/usr/bin/env bash
# Starts the redis-sandbox controller for all namespaces in the background (own session, so Ctrl-C in
# make does not stop it), against the k8s-testenv API server, unless it already runs; waits until it
# prints "ready" (it has listed everything and watches). Stop it with stop.sh (make k8s-down does).
#   --status   print the controller's pid and exit 0 if it runs, else exit 1
# Env: REDIS_SANDBOX_READY_TIMEOUT=30 (seconds), REDIS_SANDBOX_STATE_DIR=<repo>/.cache/redis-sandbox,
#      K8S_STATE_DIR=<repo>/.cache/k8s (pid file run/redis-sandbox.pid, log logs/redis-sandbox.log).
# Exit status: 0 running and ready, 1 it exited or was not ready in time (then it is left running).
# stop.sh sources this file for its settings; sourced, it runs nothing.
set -euo pipefail

# -P: the physical path, so it matches the controller's command line however the repo is reached.
SANDBOX_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SANDBOX_DIR/../.." && pwd -P)"
HERE="$REPO_ROOT/tools/k8s-testenv"
# shellcheck source=../k8s-testenv/common.sh
. "$HERE/common.sh"
log() { printf '[redis-sandbox] %s\n' "$*" >&2; }

SANDBOX_BIN="$SANDBOX_DIR/bin/redis-sandbox"
SANDBOX_STATE_DIR="${REDIS_SANDBOX_STATE_DIR:-$REPO_ROOT/.cache/redis-sandbox}"
SANDBOX_LOG="$LOG_DIR/redis-sandbox.log"
SANDBOX_READY_TIMEOUT="${REDIS_SANDBOX_READY_TIMEOUT:-30}"

# Prints the recorded pid and succeeds only if that process is alive and really is our controller
# (`<this dir>/… run --all-namespaces` on its command line, not a test's scoped one; guards against a
# recycled pid). A stale pid file is removed.
sandbox_pid() {
  local f pid arg ours=0 run=0 all=0
  f="$(pidfile redis-sandbox)"
  [ -s "$f" ] || return 1
  pid="$(cat "$f")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ]; then
    while IFS= read -r -d '' arg; do
      case "$arg" in
        run) run=1;;
        --all-namespaces) all=1;;
        "$SANDBOX_DIR"/*) ours=1;;
      esac
    done 2>/dev/null < "/proc/$pid/cmdline" || true
    if [ "$ours" = 1 ] && [ "$run" = 1 ] && [ "$all" = 1 ]; then
      echo "$pid"
      return 0
    fi
  fi
  rm -f "$f"
  return 1
}

# Alive and not a zombie (a zombie's pid still answers kill -0).
process_alive() { # pid
  local state
  state="$(awk '/^State:/ { print $2; exit }' "/proc/$1/status" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

start_controller() {
  local pid offset deadline
  # One start at a time (two make starts would otherwise both start one).
  mkdir -p "$RUN_DIR"
  exec 8>"$RUN_DIR/redis-sandbox.lock"
  flock 8
  if pid="$(sandbox_pid)"; then
    log "controller already running (pid $pid), log: $SANDBOX_LOG"
    return 0
  fi
  [ -x "$SANDBOX_BIN" ] || die "$SANDBOX_BIN is missing"
  [ -s "$KUBECONFIG_FILE" ] || die "no $KUBECONFIG_FILE: start the API server first (tools/k8s-testenv/up.sh)"
  # shellcheck source=../../scripts/node-env.sh
  . "$REPO_ROOT/scripts/node-env.sh"
  mkdir -p "$LOG_DIR" "$SANDBOX_STATE_DIR"
  # The kubeconfig is named, never taken from $KUBECONFIG: that may point at a real cluster.
  local cmd=("$SANDBOX_BIN" run --all-namespaces --kubeconfig "$KUBECONFIG_FILE" --state-dir "$SANDBOX_STATE_DIR")
  echo "=== $(date -u +%FT%TZ) starting: ${cmd[*]}" >> "$SANDBOX_LOG"
  # Only what this start appends counts: earlier runs left their own "ready" lines in the log.
  offset="$(stat -c %s "$SANDBOX_LOG")"
  # 8>&-: the long-lived controller must not hold the start lock.
  setsid "${cmd[@]}" >> "$SANDBOX_LOG" 2>&1 < /dev/null 8>&- &
  pid=$!
  echo "$pid" > "$(pidfile redis-sandbox)"
  log "started the controller (pid $pid), log: $SANDBOX_LOG"

  deadline=$(( $(date +%s) + SANDBOX_READY_TIMEOUT ))
  # grep without -q reads all its input, so tail never dies of SIGPIPE (which pipefail would report).
  until tail -c "+$(( offset + 1 ))" "$SANDBOX_LOG" | grep -x ready > /dev/null; do
    if ! process_alive "$pid"; then
      tail -c "+$(( offset + 1 ))" "$SANDBOX_LOG" | tail -n 30 >&2
      rm -f "$(pidfile redis-sandbox)"
      log "ERROR: the controller exited before it was ready (log: $SANDBOX_LOG)"
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "ERROR: the controller (pid $pid) is not ready after ${SANDBOX_READY_TIMEOUT}s; it keeps running (log: $SANDBOX_LOG)"
      return 1
    fi
    sleep 0.3
  done
  log "controller ready: it runs the Redis processes of the pods in all namespaces"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    "") start_controller;;
    --status) sandbox_pid;;
    -h|--help) sed -n '2,9p' "$0";;
    *) die "unknown argument: $1 (use --status)";;
  esac
fi
