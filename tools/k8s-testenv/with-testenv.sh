#!/usr/bin/env bash
# Runs a command (e.g. jest in make test) with k8s-testenv up, and stops it afterwards only if this
# script started it. If up.sh fails, the command still runs (unit tests need no cluster) with
# K8S_TESTENV_UP_FAILED set, so startTestCluster fails at once instead of rebuilding per worker.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"

was_running=0
running_pid kube-apiserver >/dev/null && running_pid etcd >/dev/null && was_running=1

if ! "$HERE/up.sh" >&2; then
  export K8S_TESTENV_UP_FAILED="tools/k8s-testenv/up.sh failed; see its output above and $LOG_DIR/"
  log "$K8S_TESTENV_UP_FAILED"
fi

"$@"
status=$?

[ "$was_running" = 1 ] || "$HERE/down.sh" >&2
exit "$status"
