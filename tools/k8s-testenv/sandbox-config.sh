#!/usr/bin/env bash
# For `make start`: unless a cluster is configured, starts k8s-testenv (up.sh), makes the `redis` and
# `monitoring` namespaces, writes .cache/k8s/app-config.sandbox.yaml (cluster "local") and prints the
# backstage-cli --config arguments that load it after app-config.yaml (and app-config.local.yaml).
# Prints nothing, so the portal uses its own config, when K8S_SANDBOX=off or app-config.local.yaml
# configures kubernetes.clusterLocatorMethods. Progress goes to stderr; stdout is only the arguments.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"

LOCAL_CONFIG="$REPO_ROOT/app-config.local.yaml"
SANDBOX_CONFIG="$STATE_DIR/app-config.sandbox.yaml"

if [ "${K8S_SANDBOX:-on}" = off ]; then
  log "K8S_SANDBOX=off: no sandbox cluster"
  exit 0
fi
if [ -f "$LOCAL_CONFIG" ] && grep -q 'clusterLocatorMethods' "$LOCAL_CONFIG"; then
  log "app-config.local.yaml configures clusters: no sandbox cluster"
  exit 0
fi

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
# No controllers, scheduler or kubelet run there: objects are stored, but no pods ever appear.
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
