#!/usr/bin/env bash
# Applies the example Redis (examples/redis/inventory-cache.order.yaml) to the sandbox cluster with the
# project's CLI, owned by group:default/platform; the entity provider then lists it in the catalog.
# Used by `make start` and by make test's browser tests. Re-running is safe (server-side apply).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091 # written by tools/k8s-testenv/up.sh
source "${K8S_STATE_DIR:-.cache/k8s}/env.sh"
node packages/cli/bin/redis-flavour apply examples/redis/inventory-cache.order.yaml \
  --kubeconfig "$KUBECONFIG" --owner group:default/platform "$@"
