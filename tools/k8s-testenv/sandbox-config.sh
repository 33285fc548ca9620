#!/usr/bin/env bash
# For `make start`: unless a cluster is configured, starts k8s-testenv (up.sh), makes the `redis` and
# `monitoring` namespaces, writes .cache/k8s/app-config.sandbox.yaml (cluster "local") and prints the
# backstage-cli --config arguments that load it after app-config.yaml (and app-config.local.yaml).
# Prints nothing, so the portal uses its own config, when K8S_SANDBOX=off or app-config.local.yaml
# configures kubernetes.clusterLocatorMethods. Progress goes to stderr; stdout is only the arguments.
#   --wanted   only decide: exit 0 if the sandbox is to be used, 1 (saying why) if not; starts nothing
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"

LOCAL_CONFIG="$REPO_ROOT/app-config.local.yaml"
SANDBOX_CONFIG="$STATE_DIR/app-config.sandbox.yaml"

WANTED_ONLY=0
case "${1:-}" in
  "") ;;
  --wanted) WANTED_ONLY=1;;
  *) die "unknown argument: $1 (use --wanted)";;
esac

not_wanted() { # reason
  log "$1: no sandbox cluster"
  [ "$WANTED_ONLY" = 1 ] && exit 1
  exit 0
}
[ "${K8S_SANDBOX:-on}" != off ] || not_wanted "K8S_SANDBOX=off"
if [ -f "$LOCAL_CONFIG" ] && grep -q 'clusterLocatorMethods' "$LOCAL_CONFIG"; then
  not_wanted "app-config.local.yaml configures clusters"
fi
[ "$WANTED_ONLY" = 0 ] || exit 0

"$HERE/up.sh" >&2

ADMIN_TOKEN="$(cat "$TOKEN_FILE")"
for namespace in redis monitoring; do
  code="$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$PKI_DIR/ca.crt" -A k8s-testenv \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -X POST \
    --data "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$namespace\"}}" \
    "$SERVER/api/v1/namespaces")"
  case "$code" in
    201|409) ;;
    *) die "creating namespace $namespace failed: HTTP $code";;
  esac
done

# The admin token: the sandbox is local only, and any namespace the template names must work there.
(umask 077; cat > "$SANDBOX_CONFIG.tmp" <<YAML
# Written by tools/k8s-testenv/sandbox-config.sh: the local k8s-testenv apiserver as cluster "local".
# Its only controller is tools/redis-sandbox (started by make start), which runs the Redis pods.
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: local
          url: $SERVER
          authProvider: serviceAccount
          serviceAccountToken: $ADMIN_TOKEN
          caData: $(base64 -w0 < "$PKI_DIR/ca.crt")
YAML
)
mv -f "$SANDBOX_CONFIG.tmp" "$SANDBOX_CONFIG"
log "sandbox cluster \"local\" ($SERVER) configured in $SANDBOX_CONFIG"

# --config replaces the default files, so app-config.yaml (and a local override) are named again.
args=(--config "$REPO_ROOT/app-config.yaml")
[ -f "$LOCAL_CONFIG" ] && args+=(--config "$LOCAL_CONFIG")
args+=(--config "$SANDBOX_CONFIG")
echo "${args[@]}"
