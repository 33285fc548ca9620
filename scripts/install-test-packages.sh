#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing (Debian/Ubuntu, as root). With
# arguments, only those commands (make start needs just redis-server and redis-cli for the sandbox).
set -euo pipefail

# The backup scripts' tests run the real AWS CLI (Debian's awscli) against a local S3 server.
declare -A package_of=([redis-server]=redis-server [redis-cli]=redis-tools [chromium]=chromium [aws]=awscli)
missing=()
commands=("$@")
[ ${#commands[@]} -gt 0 ] || commands=(redis-server redis-cli chromium aws)
for command in "${commands[@]}"; do
  command -v "$command" >/dev/null || missing+=("${package_of[$command]}")
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
# Debian starts redis-server as a service on install; tests start their own processes.
if command -v systemctl >/dev/null; then systemctl stop redis-server 2>/dev/null || true; fi
service redis-server stop >/dev/null 2>&1 || true
