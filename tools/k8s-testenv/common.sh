# Shared settings for up.sh / down.sh (sourced; expects HERE and REPO_ROOT).
# shellcheck shell=bash

ETCD_PORT="${K8S_ETCD_PORT:-23790}"
ETCD_PEER_PORT="${K8S_ETCD_PEER_PORT:-23800}"
APISERVER_PORT="${K8S_APISERVER_PORT:-16443}"
READY_TIMEOUT="${K8S_READY_TIMEOUT:-180}"

BIN_DIR="${K8S_TESTENV_BIN_DIR:-$REPO_ROOT/.cache/k8s-testenv/bin}"
STATE_DIR="${K8S_STATE_DIR:-$REPO_ROOT/.cache/k8s}"
PKI_DIR="$STATE_DIR/pki"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
ETCD_DATA_DIR="$STATE_DIR/etcd"
TOKEN_FILE="$STATE_DIR/admin-token"
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"
ENV_FILE="$STATE_DIR/env.sh"
SERVER="https://127.0.0.1:$APISERVER_PORT"

log() { printf '[k8s-testenv] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pidfile() { mkdir -p "$RUN_DIR"; printf '%s/%s.pid' "$RUN_DIR" "$1"; }

# Prints the recorded pid of NAME and succeeds only if that process is alive and
# really is our $BIN_DIR/NAME (guards against a recycled pid). A stale pid file
# is removed.
running_pid() { # name
  local f pid argv0
  f="$(pidfile "$1")"
  [ -s "$f" ] || return 1
  pid="$(cat "$f")"
  if [ -r "/proc/$pid/cmdline" ]; then
    argv0="$(tr '\0' '\n' < "/proc/$pid/cmdline" | head -n1)"
    if [ "$argv0" = "$BIN_DIR/$1" ]; then
      echo "$pid"
      return 0
    fi
  fi
  rm -f "$f"
  return 1
}
