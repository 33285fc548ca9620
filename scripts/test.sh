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

step typecheck yarn tsc
step lint yarn backstage-cli repo lint
# The integration tests use a real kube-apiserver + etcd (tools/k8s-testenv), started around jest.
step jest bash tools/k8s-testenv/with-testenv.sh yarn backstage-cli repo test --json --outputFile="$results/jest.json"
step app-build yarn workspace app build
if [ "$(cat "$results/app-build.status")" = 0 ]; then
  step e2e env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" yarn playwright test --reporter=list,json
fi

node scripts/test-summary.mjs "$results"
