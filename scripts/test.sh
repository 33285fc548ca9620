#!/usr/bin/env bash
# `make test`: type check, lint, unit + integration tests (jest), browser end-to-end tests
# (Playwright + Debian's Chromium). Runs every step even after a failure, then prints one line:
# "N passed, N failed" (", N skipped" when any were skipped) and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh

results=.cache/test-results
rm -rf "$results" && mkdir -p "$results"

step() { # step <name> <command...>: runs a step, records 0/1 in $results/<name>.status
  local name=$1; shift
  echo "=== $name"
  if "$@"; then echo 0 > "$results/$name.status"; else echo 1 > "$results/$name.status"; echo "=== $name FAILED"; fi
}

# Whether a testenv (k8s-testenv) was already running, e.g. for `make start`: then it is left as it was.
testenv_was_running=0
if (HERE=tools/k8s-testenv REPO_ROOT=$PWD; . tools/k8s-testenv/common.sh
  running_pid kube-apiserver > /dev/null && running_pid etcd > /dev/null); then
  testenv_was_running=1
fi

step typecheck yarn tsc
step api-reports yarn build:api-reports:only --ci
step lint yarn backstage-cli repo lint
step format yarn prettier --check --loglevel warn .
# The integration tests use a real kube-apiserver + etcd (tools/k8s-testenv), started around jest.
# CI=true: backstage-cli otherwise watches the files changed since the last commit and never exits.
step jest bash tools/k8s-testenv/with-testenv.sh env CI=true yarn backstage-cli repo test --json --outputFile="$results/jest.json"
# The plugins packed and installed into a new Backstage app by their READMEs' steps, its backend on
# port 17007 (not the portal's 7007) with the testenv's API server as its cluster (one check).
step install-test bash tools/k8s-testenv/with-testenv.sh bash scripts/install-test.sh
# A testenv this run started is purged before the browser tests, so they start from an empty API
# server: the catalog would first have to ingest the hundreds of instances the integration tests leave.
[ "$testenv_was_running" = 1 ] || bash tools/k8s-testenv/down.sh --purge
step app-build yarn workspace app build
# The portal runs with the sandbox API server as cluster "local", so ordering a Redis really applies it,
# and with the sandbox controller (tools/redis-sandbox), so the ordered instances get live pods. The
# controller is stopped afterwards only if this step started it; if it does not start, the step fails.
e2e() {
  local config_args started=0 controller=0 status
  config_args=$(bash tools/k8s-testenv/sandbox-config.sh)
  if [ -n "$config_args" ] && ! bash tools/redis-sandbox/start.sh --status > /dev/null; then
    started=1
    bash tools/redis-sandbox/start.sh || controller=1
  fi
  # The example Redis the catalog and its pages show (portal.test.ts).
  [ -z "$config_args" ] || [ "$controller" = 1 ] || bash scripts/example-instance.sh --wait --timeout 120 || controller=1
  PORTAL_CONFIG_ARGS=$config_args PORTAL_SANDBOX_CLUSTER=1 \
    PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" yarn playwright test --reporter=list,json
  status=$?
  [ "$started" = 0 ] || bash tools/redis-sandbox/stop.sh
  [ "$controller" = 0 ] || echo "e2e: the sandbox controller did not start (.cache/k8s/logs/redis-sandbox.log)"
  [ "$status" = 0 ] && [ "$controller" = 0 ]
}
if [ "$(cat "$results/app-build.status")" = 0 ]; then
  export results
  export -f e2e
  step e2e bash tools/k8s-testenv/with-testenv.sh bash -c e2e
fi

node scripts/test-summary.mjs "$results"
