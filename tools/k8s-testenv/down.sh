#!/usr/bin/env bash
# Stops the redis-sandbox controller (tools/redis-sandbox/stop.sh: it stops its Redis processes), then
# the kube-apiserver and etcd started by up.sh (by their recorded pids).
# Keeps certs, token, kubeconfig and etcd data, so the next up.sh is a warm start.
#   --purge   also delete the etcd data dir (all objects) and the logs
# Idempotent: nothing running is not an error.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"

PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1;;
    -h|--help) sed -n '2,6p' "$0"; exit 0;;
    *) die "unknown argument: $a (use --purge)";;
  esac
done

stop() { # name
  local pid i
  if ! pid="$(running_pid "$1")"; then
    log "$1 not running"
    return 0
  fi
  log "stopping $1 (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do # up to 20s
    running_pid "$1" >/dev/null || break
    # a stopped child of ours would linger as a zombie; running_pid treats it as gone
    sleep 0.2
  done
  if pid="$(running_pid "$1")"; then
    log "$1 (pid $pid) did not exit after 20s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$(pidfile "$1")"
  log "$1 stopped"
}

# The controller first, while the API server still answers it; then the apiserver, so it does not
# spend its last seconds retrying etcd.
bash "$REPO_ROOT/tools/redis-sandbox/stop.sh" || log "WARNING: stopping the redis-sandbox controller failed"
stop kube-apiserver
stop etcd

if [ "$PURGE" = 1 ]; then
  log "purging $ETCD_DATA_DIR and $LOG_DIR"
  rm -rf "$ETCD_DATA_DIR" "$LOG_DIR"
fi
