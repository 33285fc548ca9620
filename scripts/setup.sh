#!/usr/bin/env bash
# `make setup`: Node >= 22, the locked dependencies, and the builds the CLI and tests need.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh

echo "setup: node $(node --version), yarn $(yarn --version)"

# Reinstall only when the lockfile or a manifest changed since the last install.
stamp=node_modules/.odin-install-stamp
if [ ! -f "$stamp" ] || [ -n "$(find yarn.lock package.json packages/*/package.json plugins/*/package.json tools/redis-sandbox/package.json -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
  yarn install --immutable
  touch "$stamp"
else
  echo "setup: dependencies are up to date"
fi

# The CLI bundle (packages/cli/dist/redis-flavour.cjs) that bin/redis-flavour runs, rebuilt when its sources change.
cli_bundle=packages/cli/dist/redis-flavour.cjs
if [ ! -f "$cli_bundle" ] || [ -n "$(find packages/cli/src packages/cli/bundle.mjs plugins/redis-common/src -newer "$cli_bundle" 2>/dev/null | head -n 1)" ]; then
  yarn workspace @odin/redis-flavour-cli build
else
  echo "setup: the CLI bundle is up to date"
fi
