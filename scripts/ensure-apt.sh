#!/usr/bin/env bash
# Installs the given Debian packages unless they are already installed.
# Downloads here sometimes fail for a while, so each step retries before it gives up.
set -euo pipefail
missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3 4 5; do
  if $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    exit 0
  fi
  echo "apt-get install ${missing[*]} failed (attempt $attempt), retrying in $((attempt * 10))s" >&2
  sleep $((attempt * 10))
done
echo "could not install ${missing[*]}" >&2
exit 1
