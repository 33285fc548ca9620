#!/usr/bin/env bash
# Starts a local etcd + kube-apiserver (no controllers, no kubelet) for
# integration tests, installs the Opstree Redis Operator CRDs and writes a
# kubeconfig. Idempotent: what already runs is left running, what exists is
# reused; a kube-apiserver started with other flags is restarted. Stop with down.sh.
#
# Env (defaults):
#   K8S_ETCD_PORT=23790        etcd client port (127.0.0.1)
#   K8S_ETCD_PEER_PORT=23800   etcd peer port (127.0.0.1)
#   K8S_APISERVER_PORT=16443   kube-apiserver secure port (127.0.0.1)
#   K8S_AWS_IAM_AUTHENTICATOR_PORT=<apiserver port + 1000>
#                              where the token webhook reaches awsIamAuthenticator.ts (http, 127.0.0.1)
#   K8S_STATE_DIR=<repo>/.cache/k8s
#   K8S_TESTENV_BIN_DIR=<repo>/.cache/k8s-testenv/bin
#   K8S_READY_TIMEOUT=180      seconds to wait for etcd / apiserver readiness
#   K8S_APISERVER_EXTRA_ARGS   extra kube-apiserver flags (word-split)
#   REDIS_OPERATOR_REFERENCE=<repo>/../shared/reference/redis-operator
#                              the operator reference dir; its crds/ are applied; "none" skips
#   K8S_TESTENV_EXTRA_CRDS=<this dir>/crds
#                              more CRDs (minimal monitoring.coreos.com stand-ins); "none" skips
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"

t0=$(date +%s)

mkdir -p "$STATE_DIR"
# One up.sh at a time: parallel test workers may all call it on a cold machine.
exec 9>"$STATE_DIR/up.lock"
flock 9

# ---------------------------------------------------------------- binaries
"$HERE/build.sh"
for b in etcd kube-apiserver; do
  [ -x "$BIN_DIR/$b" ] || die "missing $BIN_DIR/$b after build"
done

mkdir -p "$PKI_DIR" "$LOG_DIR" "$ETCD_DATA_DIR"
chmod 700 "$STATE_DIR" "$PKI_DIR" "$ETCD_DATA_DIR"

# ---------------------------------------------------------------- PKI
command -v openssl >/dev/null 2>&1 || die "openssl is needed"

# Regenerate a cert if missing, expiring within a day, or signed by another CA.
cert_ok() { # cert
  [ -s "$1" ] && openssl x509 -in "$1" -noout -checkend 86400 >/dev/null 2>&1 &&
    openssl verify -CAfile "$PKI_DIR/ca.crt" "$1" >/dev/null 2>&1
}

if [ ! -s "$PKI_DIR/ca.key" ] || [ ! -s "$PKI_DIR/ca.crt" ] ||
   ! openssl x509 -in "$PKI_DIR/ca.crt" -noout -checkend 86400 >/dev/null 2>&1; then
  log "generating CA"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -keyout "$PKI_DIR/ca.key" -out "$PKI_DIR/ca.crt" \
    -subj "/CN=k8s-testenv-ca" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  rm -f "$PKI_DIR/apiserver.crt"
fi

if ! cert_ok "$PKI_DIR/apiserver.crt" || [ ! -s "$PKI_DIR/apiserver.key" ]; then
  log "generating kube-apiserver serving cert (127.0.0.1, localhost, 10.0.0.1, kubernetes.default.svc...)"
  openssl req -newkey rsa:2048 -nodes -sha256 \
    -keyout "$PKI_DIR/apiserver.key" -out "$PKI_DIR/apiserver.csr" \
    -subj "/CN=kube-apiserver" 2>/dev/null
  cat > "$PKI_DIR/apiserver.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
EOF
  openssl x509 -req -in "$PKI_DIR/apiserver.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" \
    -CAcreateserial -days 3650 -sha256 -extfile "$PKI_DIR/apiserver.ext" \
    -out "$PKI_DIR/apiserver.crt" 2>/dev/null
  rm -f "$PKI_DIR/apiserver.csr"
fi

if [ ! -s "$PKI_DIR/sa.key" ] || [ ! -s "$PKI_DIR/sa.pub" ]; then
  log "generating service-account signing key pair"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PKI_DIR/sa.key" 2>/dev/null
  openssl pkey -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
fi

if [ ! -s "$TOKEN_FILE" ]; then
  log "generating admin token"
  (umask 077; openssl rand -hex 32 > "$TOKEN_FILE")
fi
ADMIN_TOKEN="$(cat "$TOKEN_FILE")"
# token,user,uid,"group1,group2"
(umask 077; printf '%s,admin,k8s-testenv-admin,"system:masters"\n' "$ADMIN_TOKEN" > "$PKI_DIR/tokens.csv")
chmod 600 "$PKI_DIR"/*.key "$TOKEN_FILE" "$PKI_DIR/tokens.csv"

# ---------------------------------------------------------------- process helpers
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_bg() { # name logfile cmd...
  local name="$1" logf="$2"; shift 2
  {
    echo "=== $(date -u +%FT%TZ) starting: $*"
  } >>"$logf"
  # setsid: own session, so a Ctrl-C in the calling shell/make does not kill it.
  # 9>&-: the long-lived process must not inherit (and so hold) the up.lock.
  setsid "$@" >>"$logf" 2>&1 </dev/null 9>&- &
  local pid=$!
  echo "$pid" > "$(pidfile "$name")"
  log "started $name (pid $pid), log: $logf"
}

# Polls cmd until it succeeds; fails after timeout seconds, or at once if the
# process NAME (may be "-") has exited.
wait_for() { # name timeout cmd...
  local name="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if [ "$name" != - ] && ! running_pid "$name" >/dev/null; then
      log "$name exited"
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      return 1
    fi
    sleep 0.3
  done
}

# ---------------------------------------------------------------- etcd
etcd_healthy() {
  curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q '"health":"true"'
}

if pid="$(running_pid etcd)"; then
  log "etcd already running (pid $pid)"
else
  port_in_use "$ETCD_PORT" && die "port $ETCD_PORT (etcd client) is in use by another process; set K8S_ETCD_PORT"
  port_in_use "$ETCD_PEER_PORT" && die "port $ETCD_PEER_PORT (etcd peer) is in use by another process; set K8S_ETCD_PEER_PORT"
  # A data dir from an earlier member with other peer URLs still works:
  # etcd ignores --initial-* flags once the data dir is initialised.
  start_bg etcd "$LOG_DIR/etcd.log" "$BIN_DIR/etcd" \
    --name=k8s-testenv \
    --data-dir="$ETCD_DATA_DIR" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="k8s-testenv=http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster-state=new \
    --unsafe-no-fsync=true \
    --log-level=warn
fi
if ! wait_for etcd "$READY_TIMEOUT" etcd_healthy; then
  tail -n 30 "$LOG_DIR/etcd.log" >&2 || true
  die "etcd not healthy on 127.0.0.1:$ETCD_PORT (exited, or not within ${READY_TIMEOUT}s; log: $LOG_DIR/etcd.log)"
fi
log "etcd healthy: http://127.0.0.1:$ETCD_PORT"

# ---------------------------------------------------------------- kube-apiserver
KCURL=(curl -sS --max-time 30 --cacert "$PKI_DIR/ca.crt" -H "Authorization: Bearer $ADMIN_TOKEN" -A k8s-testenv)

apiserver_ready() {
  [ "$("${KCURL[@]}" "$SERVER/readyz" 2>/dev/null)" = ok ]
}

case "$AWS_IAM_AUTHENTICATOR_PORT" in
  ''|*[!0-9]*) die "K8S_AWS_IAM_AUTHENTICATOR_PORT must be a port number, not '$AWS_IAM_AUTHENTICATOR_PORT'";;
esac
# The token webhook, standing in for EKS's aws-iam-authenticator: tokens the token file and the ServiceAccount
# authenticator do not know go to awsIamAuthenticator.ts, which a test starts on this port. Plain http is fine
# for a loopback webhook. While nothing listens there, those tokens get 401 at once (connection refused); the
# admin token and ServiceAccount tokens are decided before the webhook and never reach it.
(umask 077; cat > "$WEBHOOK_CONFIG_FILE.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: aws-iam-authenticator
  cluster:
    server: http://127.0.0.1:$AWS_IAM_AUTHENTICATOR_PORT/authenticate
users:
- name: kube-apiserver
  user: {}
contexts:
- name: webhook
  context:
    cluster: aws-iam-authenticator
    user: kube-apiserver
current-context: webhook
EOF
)
mv -f "$WEBHOOK_CONFIG_FILE.tmp" "$WEBHOOK_CONFIG_FILE"

# shellcheck disable=SC2206
EXTRA=(${K8S_APISERVER_EXTRA_ARGS:-})
APISERVER_CMD=("$BIN_DIR/kube-apiserver"
  --etcd-servers="http://127.0.0.1:$ETCD_PORT"
  --bind-address=127.0.0.1
  --advertise-address=127.0.0.1
  --endpoint-reconciler-type=none
  --secure-port="$APISERVER_PORT"
  --tls-cert-file="$PKI_DIR/apiserver.crt"
  --tls-private-key-file="$PKI_DIR/apiserver.key"
  --client-ca-file="$PKI_DIR/ca.crt"
  --token-auth-file="$PKI_DIR/tokens.csv"
  --authentication-token-webhook-config-file="$WEBHOOK_CONFIG_FILE"
  --authentication-token-webhook-version=v1
  --authentication-token-webhook-cache-ttl=10s
  --authorization-mode=RBAC
  --anonymous-auth=false
  --service-account-issuer=https://kubernetes.default.svc.cluster.local
  --service-account-key-file="$PKI_DIR/sa.pub"
  --service-account-signing-key-file="$PKI_DIR/sa.key"
  --service-cluster-ip-range=10.0.0.0/24
  --disable-admission-plugins=ServiceAccount
  --allow-privileged=true
  --cert-dir="$PKI_DIR"
  --profiling=false
  --v=0
  "${EXTRA[@]}")
# The apiserver reads its flags and the webhook config only at start: one started with others is restarted.
APISERVER_SPEC="$(printf '%s\n' "${APISERVER_CMD[@]}"; cat "$WEBHOOK_CONFIG_FILE")"

if pid="$(running_pid kube-apiserver)"; then
  if [ "$(cat "$APISERVER_SPEC_FILE" 2>/dev/null)" = "$APISERVER_SPEC" ]; then
    log "kube-apiserver already running (pid $pid)"
  else
    log "kube-apiserver (pid $pid) was started with other flags or webhook config; restarting it"
    stop_process kube-apiserver
  fi
fi
if ! running_pid kube-apiserver >/dev/null; then
  port_in_use "$APISERVER_PORT" && die "port $APISERVER_PORT (kube-apiserver) is in use by another process; set K8S_APISERVER_PORT"
  start_bg kube-apiserver "$LOG_DIR/kube-apiserver.log" "${APISERVER_CMD[@]}"
  printf '%s\n' "$APISERVER_SPEC" > "$APISERVER_SPEC_FILE"
fi
if ! wait_for kube-apiserver "$READY_TIMEOUT" apiserver_ready; then
  tail -n 40 "$LOG_DIR/kube-apiserver.log" >&2 || true
  "${KCURL[@]}" "$SERVER/readyz?verbose" >&2 2>/dev/null || true
  die "kube-apiserver not ready at $SERVER (exited, or not within ${READY_TIMEOUT}s; log: $LOG_DIR/kube-apiserver.log)"
fi
log "kube-apiserver ready: $SERVER"

# ---------------------------------------------------------------- kubeconfig
CA_DATA="$(base64 -w0 < "$PKI_DIR/ca.crt")"
(umask 077; cat > "$KUBECONFIG_FILE.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: k8s-testenv
  cluster:
    server: $SERVER
    certificate-authority-data: $CA_DATA
users:
- name: k8s-testenv-admin
  user:
    token: $ADMIN_TOKEN
contexts:
- name: k8s-testenv
  context:
    cluster: k8s-testenv
    user: k8s-testenv-admin
current-context: k8s-testenv
preferences: {}
EOF
)
mv -f "$KUBECONFIG_FILE.tmp" "$KUBECONFIG_FILE"
(umask 077; cat > "$ENV_FILE" <<EOF
# source this file: variables for tests talking to the k8s-testenv apiserver
export KUBECONFIG='$KUBECONFIG_FILE'
export K8S_TESTENV_SERVER='$SERVER'
export K8S_TESTENV_CA_FILE='$PKI_DIR/ca.crt'
export K8S_TESTENV_TOKEN_FILE='$TOKEN_FILE'
export K8S_TESTENV_AWS_IAM_AUTHENTICATOR_PORT='$AWS_IAM_AUTHENTICATOR_PORT'
EOF
)

# ---------------------------------------------------------------- CRDs
crd_established() {
  "${KCURL[@]}" "$SERVER/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$1" |
    tr -d ' \n' | grep -q '"type":"Established","status":"True"'
}

# Established is not enough: LISTs answer 429 "storage is (re)initializing" until the watch cache is up.
crd_listable() {
  local name="$1" version
  version="$("${KCURL[@]}" "$SERVER/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$name" |
    tr -d ' \n' | grep -o '"storedVersions":\["[^"]*"' | sed 's/.*\["//; s/"$//')"
  [ -n "$version" ] &&
    [ "$("${KCURL[@]}" -o /dev/null -w '%{http_code}' "$SERVER/apis/${name#*.}/$version/${name%%.*}?limit=1")" = 200 ]
}

# Server-side applies every CRD file of a directory, then waits until each is Established and listable.
install_crds() { # dir env-var-name
  local dir="$1" setting="$2" f name code files names=()
  if [ "$dir" = none ]; then
    log "$setting=none: not installing those CRDs"
    return 0
  fi
  [ -d "$dir" ] || die "CRD dir $dir not found (set $setting, or $setting=none)"
  shopt -s nullglob
  files=("$dir"/*.yaml "$dir"/*.yml)
  shopt -u nullglob
  [ "${#files[@]}" -gt 0 ] || die "no *.yaml files in $dir"
  for f in "${files[@]}"; do
    # metadata.name of a CRD file (one CRD per file, as controller-gen writes them)
    name="$(awk '/^metadata:/ { m = 1; next } m && /^[^ #]/ { m = 0 } m && /^  name:/ { print $2; exit }' "$f" | tr -d "\"'")"
    [ -n "$name" ] || die "cannot find metadata.name in $f"
    code="$("${KCURL[@]}" -o "$LOG_DIR/crd-apply.out" -w '%{http_code}' -X PATCH \
      -H 'Content-Type: application/apply-patch+yaml' --data-binary "@$f" \
      "$SERVER/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$name?fieldManager=k8s-testenv&force=true")" || code=000
    case "$code" in
      200|201) log "applied CRD $name ($code)";;
      *) cat "$LOG_DIR/crd-apply.out" >&2 2>/dev/null || true; die "applying CRD $name from $f failed: HTTP $code";;
    esac
    names+=("$name")
  done
  for name in "${names[@]}"; do
    wait_for - 60 crd_established "$name" || die "CRD $name not Established after 60s"
    wait_for - 60 crd_listable "$name" || die "CRD $name not listable after 60s"
  done
  log "CRDs established: ${names[*]}"
}

OPERATOR_REFERENCE="${REDIS_OPERATOR_REFERENCE:-$REPO_ROOT/../shared/reference/redis-operator}"
if [ "$OPERATOR_REFERENCE" = none ]; then
  install_crds none REDIS_OPERATOR_REFERENCE
else
  install_crds "$OPERATOR_REFERENCE/crds" REDIS_OPERATOR_REFERENCE
fi
install_crds "${K8S_TESTENV_EXTRA_CRDS:-$HERE/crds}" K8S_TESTENV_EXTRA_CRDS

# The StorageClasses the spec's orders name, as an EKS cluster with the EBS CSI driver has them; the
# apply checks that an order's class exists. Nothing provisions volumes here.
for class in gp3 gp3-encrypted; do
  encrypted=false; [ "$class" = gp3-encrypted ] && encrypted=true
  # Created once and then left alone: a StorageClass's parameters cannot change.
  code="$("${KCURL[@]}" -o "$LOG_DIR/storageclass-apply.out" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' \
    --data "{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"name\":\"$class\"},\"provisioner\":\"ebs.csi.aws.com\",\"parameters\":{\"type\":\"gp3\",\"encrypted\":\"$encrypted\"},\"volumeBindingMode\":\"WaitForFirstConsumer\",\"allowVolumeExpansion\":true}" \
    "$SERVER/apis/storage.k8s.io/v1/storageclasses?fieldManager=k8s-testenv")" || code=000
  case "$code" in
    201|409) ;;
    *) cat "$LOG_DIR/storageclass-apply.out" >&2 2>/dev/null || true; die "creating StorageClass $class failed: HTTP $code";;
  esac
done
log "StorageClasses: gp3, gp3-encrypted (provisioner ebs.csi.aws.com, nothing provisions them)"

# The sandbox's controller makes the Services the operator would, about seven ClusterIPs per instance, and
# namespaces are never removed here (no namespace controller), so the flag's /24 fills up after a few test runs.
# A second ServiceCIDR widens the range; the API server allocates from it without the controller-manager.
code="$("${KCURL[@]}" -o "$LOG_DIR/servicecidr-apply.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data '{"apiVersion":"networking.k8s.io/v1","kind":"ServiceCIDR","metadata":{"name":"k8s-testenv-extra"},"spec":{"cidrs":["10.1.0.0/16"]}}' \
  "$SERVER/apis/networking.k8s.io/v1/servicecidrs?fieldManager=k8s-testenv")" || code=000
case "$code" in
  201|409) log "Service IPs: 10.0.0.0/24 and 10.1.0.0/16 (ServiceCIDR k8s-testenv-extra)";;
  *) cat "$LOG_DIR/servicecidr-apply.out" >&2 2>/dev/null || true; die "creating ServiceCIDR k8s-testenv-extra failed: HTTP $code";;
esac

log "ready in $(( $(date +%s) - t0 ))s"
cat <<EOF
k8s-testenv is up (kube-apiserver $("$BIN_DIR/kube-apiserver" --version 2>/dev/null | awk '{print $2}'), etcd on 127.0.0.1:$ETCD_PORT)
  server:      $SERVER
  kubeconfig:  $KUBECONFIG_FILE
  admin token: $TOKEN_FILE   (user "admin", group system:masters)
  CA cert:     $PKI_DIR/ca.crt
  token webhook: http://127.0.0.1:$AWS_IAM_AUTHENTICATOR_PORT/authenticate   (awsIamAuthenticator.ts, when a test runs it)
  env file:    $ENV_FILE     (. it to get KUBECONFIG etc.)
  logs:        $LOG_DIR/
  stop with:   $HERE/down.sh   (--purge also deletes etcd data)
EOF
