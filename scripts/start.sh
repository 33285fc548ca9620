#!/usr/bin/env bash
# `make start`: the portal (frontend :3000, backend :7007). When no cluster is configured, the local
# sandbox is cluster "local": the k8s-testenv API server, so the template's apply really creates objects
# there, and the redis-sandbox controller, which runs real Redis processes behind the instances' pods.
# The example instance redis/inventory-cache (scripts/example-instance.sh) is applied there. Re-running is safe.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh

config_args=()
bin_dir=${K8S_TESTENV_BIN_DIR:-.cache/k8s-testenv/bin}
# K8S_SANDBOX=off, or a cluster in app-config.local.yaml: no API server, no controller, no build.
if bash tools/k8s-testenv/sandbox-config.sh --wanted; then
  if [ -x "$bin_dir/kube-apiserver" ] && [ -x "$bin_dir/etcd" ]; then
    read -r -a config_args <<< "$(bash tools/k8s-testenv/sandbox-config.sh)"
  else
    # The first build takes 9-16 minutes on 2 cores: it runs in the background, and the portal starts now.
    mkdir -p .cache/k8s/logs
    nohup bash tools/k8s-testenv/build.sh > .cache/k8s/logs/build.log 2>&1 &
    echo "start: the local Kubernetes sandbox is being built in the background (.cache/k8s/logs/build.log);"
    echo "start: the portal runs without a cluster now; the next 'make start' uses the sandbox."
  fi
fi

if [ "${#config_args[@]}" -gt 0 ]; then
  # The sandbox runs real Redis processes behind the pods.
  bash scripts/install-test-packages.sh redis-server redis-cli ||
    echo "start: without redis-server and redis-cli the sandbox cannot run the pods' processes"
  bash tools/redis-sandbox/start.sh ||
    echo "start: the sandbox controller is not ready (.cache/k8s/logs/redis-sandbox.log); instances may get no pods"
  if bash scripts/example-instance.sh; then
    echo "start: the example redis/inventory-cache is applied; the catalog lists it as resource inventory-cache within a minute"
  else
    echo "start: applying the example instance failed (see above); the portal starts anyway"
  fi
fi

exec yarn start "${config_args[@]}"
