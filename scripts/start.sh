#!/usr/bin/env bash
# `make start`: the portal (frontend :3000, backend :7007). When no cluster is configured, the local
# k8s-testenv API server is cluster "local", so the template's apply really creates objects there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh

config_args=()
bin_dir=.cache/k8s-testenv/bin
if [ -x "$bin_dir/kube-apiserver" ] && [ -x "$bin_dir/etcd" ]; then
  read -r -a config_args <<< "$(bash tools/k8s-testenv/sandbox-config.sh)"
else
  # The first build takes 9-16 minutes on 2 cores: it runs in the background, and the portal starts now.
  mkdir -p .cache/k8s/logs
  nohup bash tools/k8s-testenv/build.sh > .cache/k8s/logs/build.log 2>&1 &
  echo "start: the local Kubernetes sandbox is being built in the background (.cache/k8s/logs/build.log);"
  echo "start: the portal runs without a cluster now; the next 'make start' uses the sandbox."
fi

exec yarn start "${config_args[@]}"
