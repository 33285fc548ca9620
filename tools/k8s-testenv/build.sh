#!/usr/bin/env bash
# Builds kube-apiserver and etcd from Go modules (see go.mod) into
# <repo>/.cache/k8s-testenv/bin/. Rebuilds only when go.mod, go.sum, a main.go,
# this script or the Go version change (a hash of them is kept in bin/.stamp).
#
# Env:
#   K8S_TESTENV_BIN_DIR  output dir (default <repo>/.cache/k8s-testenv/bin)
#   K8S_TESTENV_FORCE=1  rebuild even if the stamp matches
#   GOFLAGS, GOMODCACHE, GOCACHE, GOPROXY, GOTOOLCHAIN are honoured.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
BIN_DIR="${K8S_TESTENV_BIN_DIR:-$REPO_ROOT/.cache/k8s-testenv/bin}"

log() { printf '[k8s-testenv build] %s\n' "$*" >&2; }

command -v go >/dev/null 2>&1 || { [ -x /usr/local/go/bin/go ] && export PATH="/usr/local/go/bin:$PATH"; }
command -v go >/dev/null 2>&1 || { log "go not found (expected /usr/local/go/bin/go)"; exit 1; }

# Module and build caches that survive between runs: Go's own defaults
# (~/go/pkg/mod, ~/.cache/go-build). Only if HOME is unset (some CI shells),
# fall back to a cache under the repo's git-ignored .cache/.
if [ -z "${HOME:-}" ]; then
  export GOMODCACHE="${GOMODCACHE:-$REPO_ROOT/.cache/go/mod}"
  export GOCACHE="${GOCACHE:-$REPO_ROOT/.cache/go/build}"
  export GOPATH="${GOPATH:-$REPO_ROOT/.cache/go}"
fi
# This module is self-contained: never let a go.work elsewhere pull it in.
export GOWORK=off
# No vendor dir; -mod=mod lets go fill in go.sum lines if an older go.sum
# is incomplete (harmless when it is complete). -buildvcs=false: the module
# lives inside the repo's git tree, and stamping VCS info is pointless here.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod -buildvcs=false"

K8S_VERSION="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$HERE/go.mod")"
[ -n "$K8S_VERSION" ] || { log "cannot read the k8s.io/kubernetes version from go.mod"; exit 1; }
K8S_MAJOR="${K8S_VERSION#v}"; K8S_MAJOR="${K8S_MAJOR%%.*}"
K8S_MINOR="${K8S_VERSION#v*.}"; K8S_MINOR="${K8S_MINOR%%.*}"

# What the binaries depend on: sources + the build recipe + the toolchain.
GO_VERSION="$(cd "$HERE" && go env GOVERSION)"
HASH="$(
  {
    cd "$HERE"
    sha256sum go.mod go.sum build.sh cmd/*/main.go
    echo "go=$GO_VERSION goos=$(go env GOOS) goarch=$(go env GOARCH)"
  } | sha256sum | cut -c1-16
)"

BINARIES=(kube-apiserver etcd)
STAMP="$BIN_DIR/.stamp"

up_to_date() {
  [ "${K8S_TESTENV_FORCE:-0}" = 1 ] && return 1
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$HASH" ] || return 1
  local b
  for b in "${BINARIES[@]}"; do [ -x "$BIN_DIR/$b" ] || return 1; done
}

if up_to_date; then
  log "up to date (hash $HASH): $BIN_DIR/{kube-apiserver,etcd}"
  exit 0
fi

mkdir -p "$BIN_DIR"
TMP="$(mktemp -d "$BIN_DIR/.build.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

PKG=k8s.io/component-base/version
LDFLAGS="-s -w -X $PKG.gitVersion=$K8S_VERSION -X $PKG.gitMajor=$K8S_MAJOR -X $PKG.gitMinor=$K8S_MINOR -X $PKG.gitTreeState=clean"
LDFLAGS="$LDFLAGS -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=$K8S_MAJOR -X k8s.io/client-go/pkg/version.gitMinor=$K8S_MINOR"

log "building kube-apiserver $K8S_VERSION and etcd with $GO_VERSION (hash $HASH) -> $BIN_DIR"
log "GOMODCACHE=$(cd "$HERE" && go env GOMODCACHE) GOCACHE=$(cd "$HERE" && go env GOCACHE)"
start=$(date +%s)
# Download first so a slow or failing proxy shows up as such (no-op when cached).
(cd "$HERE" && go mod download)
dl_done=$(date +%s)
log "modules ready in $(( dl_done - start ))s; compiling (cold: ~12 min on 2 cores, warm: ~20s)"
(cd "$HERE" && go build -trimpath -ldflags "$LDFLAGS" -o "$TMP/" ./cmd/kube-apiserver ./cmd/etcd)
log "compiled in $(( $(date +%s) - dl_done ))s"
for b in "${BINARIES[@]}"; do
  [ -x "$TMP/$b" ] || { log "build produced no $b"; exit 1; }
  mv -f "$TMP/$b" "$BIN_DIR/$b"
done
echo "$HASH" > "$STAMP"
log "built in $(( $(date +%s) - start ))s: $BIN_DIR/kube-apiserver ($("$BIN_DIR/kube-apiserver" --version 2>/dev/null || echo '?')), $BIN_DIR/etcd ($("$BIN_DIR/etcd" --version 2>/dev/null | head -1 || echo '?'))"
