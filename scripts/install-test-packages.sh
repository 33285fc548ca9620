#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing (Debian/Ubuntu, as root). With
# arguments, only those commands (make start needs just redis-server and redis-cli for the sandbox).
set -euo pipefail

# The backup scripts' tests run the real AWS CLI (Debian's awscli) against a local S3 server; the
# two-replica test runs the backend on PostgreSQL, whose server programs Debian keeps off the PATH.
declare -A package_of=([redis-server]=redis-server [redis-cli]=redis-tools [chromium]=chromium [aws]=awscli [initdb]=postgresql)
installed() {
  if [ "$1" = initdb ]; then compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; else command -v "$1" >/dev/null; fi
}
missing=()
commands=("$@")
[ ${#commands[@]} -gt 0 ] || commands=(redis-server redis-cli chromium aws initdb)
for command in "${commands[@]}"; do
  installed "$command" || missing+=("${package_of[$command]}")
done
[ ${#missing[@]} -eq 0 ] && { echo "test packages: ${commands[*]} installed"; exit 0; }

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "test packages missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run make test again." >&2
  exit 1
fi
echo "test packages: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts redis-server and PostgreSQL as services on install; tests start their own processes.
for service in redis-server postgresql; do
  if command -v systemctl >/dev/null; then systemctl stop "$service" 2>/dev/null || true; fi
  service "$service" stop >/dev/null 2>&1 || true
done
