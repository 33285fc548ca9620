# Shared settings for up.sh / down.sh (sourced; expects HERE and REPO_ROOT).
# shellcheck shell=bash

ETCD_PORT="${K8S_ETCD_PORT:-23790}"
ETCD_PEER_PORT="${K8S_ETCD_PEER_PORT:-23800}"
APISERVER_PORT="${K8S_APISERVER_PORT:-16443}"
READY_TIMEOUT="${K8S_READY_TIMEOUT:-180}"
# The apiserver's token webhook calls the AWS IAM authenticator stand-in (awsIamAuthenticator.ts) on this port,
# when a test runs it. Derived from the apiserver port, so testenvs on other ports each have their own.
AWS_IAM_AUTHENTICATOR_PORT="${K8S_AWS_IAM_AUTHENTICATOR_PORT:-$((APISERVER_PORT + 1000))}"

BIN_DIR="${K8S_TESTENV_BIN_DIR:-$REPO_ROOT/.cache/k8s-testenv/bin}"
STATE_DIR="${K8S_STATE_DIR:-$REPO_ROOT/.cache/k8s}"
PKI_DIR="$STATE_DIR/pki"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
ETCD_DATA_DIR="$STATE_DIR/etcd"
TOKEN_FILE="$STATE_DIR/admin-token"
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"
ENV_FILE="$STATE_DIR/env.sh"
WEBHOOK_CONFIG_FILE="$STATE_DIR/aws-iam-authenticator-webhook.kubeconfig"
# What the running kube-apiserver was started with (its argv and the webhook config), to tell whether it is current.
APISERVER_SPEC_FILE="$RUN_DIR/kube-apiserver.spec"
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

# Stops NAME by its recorded pid: SIGTERM, SIGKILL after 20 s. Nothing running is not an error.
stop_process() { # name
  local pid i
  if ! pid="$(running_pid "$1")"; then
    log "$1 not running"
    return 0
  fi
  log "stopping $1 (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do # up to 20s
    running_pid "$1" >/dev/null || break
    # a stopped child of ours would linger as a zombie; running_pid treats it as gone
    sleep 0.2
  done
  if pid="$(running_pid "$1")"; then
    log "$1 (pid $pid) did not exit after 20s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$(pidfile "$1")"
  log "$1 stopped"
}
