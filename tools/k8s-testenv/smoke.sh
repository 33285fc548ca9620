#!/usr/bin/env bash
# Smoke test of a running k8s-testenv (start it with up.sh first), with curl only:
# namespace, server-side apply of a Redis CR (dry run and real), CRD schema
# rejection (422), ServiceAccount + TokenRequest + RBAC (403 then 200), and
# cleanup (objects, then the namespace, finalized by hand: no controllers run).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"

[ -s "$TOKEN_FILE" ] || die "no $TOKEN_FILE: run up.sh first"
ADMIN=(-H "Authorization: Bearer $(cat "$TOKEN_FILE")")
C=(curl -sS --max-time 30 --cacert "$PKI_DIR/ca.crt" -A k8s-testenv-smoke)
NS="smoke-$(date +%s)-$$"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
pass=0 fail=0

# check DESC EXPECTED_CODE curl-args...   (body of the response is left in $OUT)
check() {
  local desc="$1" want="$2" got; shift 2
  got="$("${C[@]}" -o "$OUT" -w '%{http_code}' "$@")" || got=000
  if [ "$got" = "$want" ]; then
    pass=$((pass + 1)); printf 'ok    %-62s HTTP %s\n' "$desc" "$got"
  else
    fail=$((fail + 1)); printf 'FAIL  %-62s HTTP %s (want %s)\n' "$desc" "$got" "$want"
    head -c 600 "$OUT"; echo
  fi
}
apply() { # url yaml  (server-side apply)
  printf '%s' "$2" | "${C[@]}" -o "$OUT" -w '%{http_code}' "${ADMIN[@]}" -X PATCH \
    -H 'Content-Type: application/apply-patch+yaml' --data-binary @- "$1"
}

R="$SERVER/apis/redis.redis.opstreelabs.in/v1beta2/namespaces/$NS/redis"
REDIS="apiVersion: redis.redis.opstreelabs.in/v1beta2
kind: Redis
metadata:
  name: smoke
  namespace: $NS
spec:
  kubernetesConfig:
    image: quay.io/opstree/redis:v7.0.15
"
BAD="apiVersion: redis.redis.opstreelabs.in/v1beta2
kind: Redis
metadata:
  name: bad
  namespace: $NS
spec:
  kubernetesConfig:
    imagePullPolicy: Always
"
APPLY=(-X PATCH -H 'Content-Type: application/apply-patch+yaml')

check "readyz" 200 "${ADMIN[@]}" "$SERVER/readyz"
check "anonymous request rejected" 401 "$SERVER/api/v1/namespaces"
check "create namespace $NS" 201 "${ADMIN[@]}" -X POST -H 'Content-Type: application/json' \
  -d "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$NS\"}}" "$SERVER/api/v1/namespaces"
check "apply Redis, dryRun=All" 201 "${ADMIN[@]}" "${APPLY[@]}" --data-binary "$REDIS" "$R/smoke?fieldManager=test&dryRun=All"
check "dry run stored nothing" 404 "${ADMIN[@]}" "$R/smoke"
check "apply Redis" 201 "${ADMIN[@]}" "${APPLY[@]}" --data-binary "$REDIS" "$R/smoke?fieldManager=test"
check "re-apply Redis (no-op)" 200 "${ADMIN[@]}" "${APPLY[@]}" --data-binary "$REDIS" "$R/smoke?fieldManager=test"
check "get Redis" 200 "${ADMIN[@]}" "$R/smoke"
check "schema: kubernetesConfig without image rejected" 422 "${ADMIN[@]}" "${APPLY[@]}" --data-binary "$BAD" "$R/bad?fieldManager=test"
grep -q 'spec.kubernetesConfig.image: Required value' "$OUT" ||
  { fail=$((fail + 1)); echo "FAIL  422 body does not name spec.kubernetesConfig.image"; }

# ServiceAccount + TokenRequest (needs --service-account-signing-key-file) + RBAC
check "create ServiceAccount reader" 201 "${ADMIN[@]}" -X POST -H 'Content-Type: application/json' \
  -d '{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"reader"}}' "$SERVER/api/v1/namespaces/$NS/serviceaccounts"
check "TokenRequest for reader" 201 "${ADMIN[@]}" -X POST -H 'Content-Type: application/json' \
  -d '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":600}}' \
  "$SERVER/api/v1/namespaces/$NS/serviceaccounts/reader/token"
SA_TOKEN="$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$OUT")"
SA=(-H "Authorization: Bearer ${SA_TOKEN:-none}")
check "SelfSubjectReview as reader" 201 "${SA[@]}" -X POST -H 'Content-Type: application/json' \
  -d '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' "$SERVER/apis/authentication.k8s.io/v1/selfsubjectreviews"
grep -q "\"username\":\"system:serviceaccount:$NS:reader\"" "$OUT" ||
  { fail=$((fail + 1)); echo "FAIL  SelfSubjectReview does not say system:serviceaccount:$NS:reader"; }
check "reader cannot list Redis yet" 403 "${SA[@]}" "$R"
code="$(apply "$SERVER/apis/rbac.authorization.k8s.io/v1/namespaces/$NS/roles/redis-reader?fieldManager=test" \
"apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: redis-reader, namespace: $NS}
rules:
- apiGroups: [redis.redis.opstreelabs.in]
  resources: [redis]
  verbs: [get, list, watch]
")"; check "apply Role (HTTP $code)" 200 "${ADMIN[@]}" "$SERVER/apis/rbac.authorization.k8s.io/v1/namespaces/$NS/roles/redis-reader"
code="$(apply "$SERVER/apis/rbac.authorization.k8s.io/v1/namespaces/$NS/rolebindings/redis-reader?fieldManager=test" \
"apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: redis-reader, namespace: $NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: redis-reader}
subjects:
- {kind: ServiceAccount, name: reader, namespace: $NS}
")"; check "apply RoleBinding (HTTP $code)" 200 "${ADMIN[@]}" "$SERVER/apis/rbac.authorization.k8s.io/v1/namespaces/$NS/rolebindings/redis-reader"
# the RBAC authorizer reads roles through an informer: allow it a moment
for _ in $(seq 1 25); do
  [ "$("${C[@]}" -o /dev/null -w '%{http_code}' "${SA[@]}" "$R")" = 200 ] && break
  sleep 0.2
done
check "reader can list Redis now" 200 "${SA[@]}" "$R"
check "reader still cannot delete Redis" 403 "${SA[@]}" -X DELETE "$R/smoke"

# cleanup: delete objects, then the namespace; with no namespace controller it
# stays Terminating, so finalize it by hand.
check "delete Redis" 200 "${ADMIN[@]}" -X DELETE "$R/smoke"
check "delete namespace" 200 "${ADMIN[@]}" -X DELETE "$SERVER/api/v1/namespaces/$NS"
check "finalize namespace" 200 "${ADMIN[@]}" -X PUT -H 'Content-Type: application/json' \
  -d "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$NS\"},\"spec\":{\"finalizers\":[]}}" \
  "$SERVER/api/v1/namespaces/$NS/finalize"
check "namespace gone" 404 "${ADMIN[@]}" "$SERVER/api/v1/namespaces/$NS"

echo "smoke: $pass passed, $fail failed"
[ "$fail" = 0 ]
