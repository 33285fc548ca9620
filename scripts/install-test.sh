#!/usr/bin/env bash
# Install test: the plugins install into someone else's Backstage app by their READMEs' steps.
#
# Builds and packs the six plugins, creates a new app with @backstage/create-app of the release in
# backstage.json, runs the install steps of each plugin's README in it (scripts/install-test/
# readme-steps.mjs: the blocks marked `<!-- install-step -->`), builds its frontend, starts its
# backend and checks over HTTP that the Redis route, the scaffolder actions and the catalog entity
# provider answer (scripts/install-test/checks.mjs).
#
# The one substitution: the app gets `@odin/*` from a registry for that scope serving the packed
# tarballs (scripts/install-test/registry.mjs), where a user's app gets them from theirs. And the
# app's `@backstage/*` packages are pinned to the release, as create-app's yarn.lock seed (on GitHub,
# not reachable here) would hold them (scripts/install-test/pin-release.mjs). The
# backend's Kubernetes plugin has one cluster: the real kube-apiserver of tools/k8s-testenv (make
# test runs this inside with-testenv.sh), where the CLI applies one Redis first. The backend
# listens on $INSTALL_TEST_PORT (default 17007).
# The temporary directory is removed at the end, unless INSTALL_TEST_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
repo=$PWD

# The create-app version of the release in backstage.json: its template's pins are that release's
# versions (root version and e.g. @backstage/backend-defaults); checked below against the new app.
create_app_version=0.9.2
release=$(node -p 'require("./backstage.json").version')
port=${INSTALL_TEST_PORT:-17007}
plugins=(redis-common redis-node redis-backend scaffolder-backend-module-redis catalog-backend-module-redis redis)

started=$(date +%s)
phase_started=$started
phase() { # phase <name>: prints how long the previous phase took
  local now
  now=$(date +%s)
  echo "install-test: $1 ($((now - phase_started)) s)"
  phase_started=$now
}

work=$(mktemp -d "${TMPDIR:-/tmp}/install-test.XXXXXX")
app=$work/app
pids=()
cleanup() {
  local status=$? pid p
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  # A pack that failed half-way leaves the rewritten package.json; put the original back.
  for p in "${plugins[@]}"; do
    [ ! -f "$repo/plugins/$p/package.json-prepack" ] || mv -f "$repo/plugins/$p/package.json-prepack" "$repo/plugins/$p/package.json"
  done
  if [ "$status" != 0 ] && [ -f "$work/backend.log" ]; then
    echo "install-test: the last lines of the backend's log ($work/backend.log):"
    tail -n 40 "$work/backend.log" | cut -c 1-400
  fi
  for pid in "${pids[@]}"; do # at most 10 s each, then SIGKILL
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 -- "-$pid" 2>/dev/null || true
  done
  if [ "${INSTALL_TEST_KEEP:-0}" = 1 ]; then echo "install-test: kept $work"; else rm -rf "$work"; fi
  echo "install-test: $([ "$status" = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - started)) s"
}
trap cleanup EXIT

if (exec 3<>"/dev/tcp/localhost/$port") 2>/dev/null; then
  echo "install-test: port $port is in use; set INSTALL_TEST_PORT to a free one" >&2
  exit 1
fi

# background <name> <command...>: starts a process in its own process group, logging to $work/<name>.log.
background() {
  local name=$1
  shift
  setsid "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
}
wait_for_file() { # wait_for_file <file>: the port file of a helper server
  for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done
  echo "install-test: $1 was not written" >&2
  return 1
}

# 1. Build and pack. The type declarations come from the root tsc (dist-types); its type errors are
#    the typecheck step's to report, so only missing declarations stop this test.
yarn tsc > "$work/tsc.log" 2>&1 || echo "install-test: yarn tsc reported errors; the typecheck step shows them"
mkdir -p "$work/tarballs"
for p in "${plugins[@]}"; do
  [ -f "dist-types/plugins/$p/src/index.d.ts" ] || { echo "install-test: tsc wrote no dist-types/plugins/$p" >&2; exit 1; }
  (cd "plugins/$p" && yarn backstage-cli package build > "$work/build-$p.log" 2>&1 &&
    yarn pack --out "$work/tarballs/$p.tgz" > "$work/pack-$p.log" 2>&1) ||
    { echo "install-test: building or packing plugins/$p failed:" >&2; tail -n 20 "$work/build-$p.log" "$work/pack-$p.log" >&2 2>/dev/null; exit 1; }
done
phase "built and packed ${plugins[*]}"

# 2. A new app, as `npx @backstage/create-app` makes it (without its install: the steps install).
(cd "$work" && BACKSTAGE_APP_NAME=app npx --yes "@backstage/create-app@$create_app_version" --skip-install > "$work/create-app.log" 2>&1) ||
  { tail -n 20 "$work/create-app.log" >&2; exit 1; }
app_release=$(node -p "require('$app/backstage.json').version")
[ "$app_release" = "$release" ] ||
  { echo "install-test: @backstage/create-app@$create_app_version makes a $app_release app, backstage.json says $release" >&2; exit 1; }
# Held at that release: create-app's yarn.lock seed is on GitHub (scripts/install-test/pin-release.mjs).
node scripts/install-test/pin-release.mjs "$app" "$repo"
phase "created a Backstage $app_release app with @backstage/create-app@$create_app_version"

# 3. The package source: the @odin scope from the tarballs' registry. Published just now, so the
#    app's minimum package age (npmMinimalAgeGate) is waived for the scope, as for @backstage.
background registry node scripts/install-test/registry.mjs "$work/tarballs" "$work/registry.port"
wait_for_file "$work/registry.port"
export YARN_ENABLE_IMMUTABLE_INSTALLS=false # a developer adds packages; CI=true would forbid it
(
  cd "$app"
  yarn config set npmScopes.odin.npmRegistryServer "http://localhost:$(cat "$work/registry.port")"
  yarn config set --json unsafeHttpWhitelist '["localhost"]'
  approved=$(yarn config get --json npmPreapprovedPackages | node -e \
    'const a = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(JSON.stringify([...a, "@odin/*"]))')
  yarn config set --json npmPreapprovedPackages "$approved"
) > "$work/yarn-config.log"

# 4. The READMEs' install steps, in dependency order.
readmes=()
for p in "${plugins[@]}"; do readmes+=("plugins/$p/README.md"); done
node scripts/install-test/readme-steps.mjs "$app" "${readmes[@]}" > "$work/steps.log" 2>&1 ||
  { echo "install-test: an install step failed:" >&2; tail -n 30 "$work/steps.log" >&2; exit 1; }
grep -E '^(install-step|  \+|➤ YN0000: · Done)' "$work/steps.log"
phase "ran the README install steps"

# The libraries load where they were added, and the plugins are the packed ones.
(cd "$app/packages/backend" && node -e '
  const common = require("@odin/plugin-redis-common");
  const node = require("@odin/plugin-redis-node");
  if (typeof common.validateInstance !== "function" || typeof node.applyInstance !== "function")
    throw new Error("the libraries lack validateInstance / applyInstance");
  for (const name of ["redis-backend", "scaffolder-backend-module-redis", "catalog-backend-module-redis"])
    if (!require.resolve(`@odin/plugin-${name}`).includes("/node_modules/@odin/"))
      throw new Error(`@odin/plugin-${name} is not installed from its package`);
  console.log("  ✔ redis-common and redis-node load with require in packages/backend");
')

# 5. The frontend: built with feature discovery (app.packages: all), it must include the plugin.
(cd "$app" && yarn workspace app build > "$work/app-build.log" 2>&1) ||
  { tail -n 30 "$work/app-build.log" >&2; exit 1; }
if grep -Eqs '@odin/plugin-redis"?,"?export"?:"\./alpha"' "$app"/packages/app/dist/static/*.js; then
  echo "  ✔ the app's build discovered @odin/plugin-redis/alpha"
else
  echo "install-test: the app's build has no @odin/plugin-redis/alpha among its discovered features" >&2
  exit 1
fi
phase "built the app"

# 6. The backend, as `yarn start` runs it in development, with the test's config on top.
# The cluster: k8s-testenv's API server, with one standalone Redis applied by the CLI.
testenv() { (HERE=tools/k8s-testenv REPO_ROOT=$repo; . tools/k8s-testenv/common.sh; eval "$1"); }
server=$(testenv 'echo "$SERVER"')
token=$(testenv 'cat "$TOKEN_FILE"')
ca=$(testenv 'base64 -w0 < "$PKI_DIR/ca.crt"')
cat > "$work/order.yaml" <<EOF
name: install-test-cache
root:
  clusterModeEnabled: false
flavour:
  namespace: install-test
  deploymentMode: standalone
EOF
node packages/cli/bin/redis-flavour apply "$work/order.yaml" --kubeconfig "$(testenv 'echo "$KUBECONFIG_FILE"')" \
  --owner group:default/guests --create-namespace > "$work/apply.log" 2>&1 ||
  { cat "$work/apply.log" >&2; exit 1; }
echo "  ✔ the CLI applied install-test/install-test-cache to the test cluster"
cat > "$app/app-config.install-test.yaml" <<EOF
backend:
  baseUrl: http://localhost:$port
  listen:
    port: $port
  database:
    client: better-sqlite3
    connection: ':memory:'
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: install-test
          url: $server
          authProvider: serviceAccount
          serviceAccountToken: $token
          caData: $ca
EOF
cd "$app/packages/backend"
background backend yarn start --config ../../app-config.yaml --config ../../app-config.install-test.yaml
cd "$repo"
node scripts/install-test/checks.mjs "http://localhost:$port" "${pids[-1]}"
phase "started the backend and ran the checks"
