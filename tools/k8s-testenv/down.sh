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

# The controller first, while the API server still answers it; then the apiserver, so it does not
# spend its last seconds retrying etcd.
bash "$REPO_ROOT/tools/redis-sandbox/stop.sh" || log "WARNING: stopping the redis-sandbox controller failed"
stop_process kube-apiserver
rm -f "$APISERVER_SPEC_FILE"
stop_process etcd

if [ "$PURGE" = 1 ]; then
  log "purging $ETCD_DATA_DIR and $LOG_DIR"
  rm -rf "$ETCD_DATA_DIR" "$LOG_DIR"
fi
