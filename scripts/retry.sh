#!/usr/bin/env bash
# Runs a command, retrying a few times: downloads here sometimes fail for a while.
set -uo pipefail
for attempt in 1 2 3 4 5; do
  "$@" && exit 0
  echo "'$*' failed (attempt $attempt), retrying in $((attempt * 10))s" >&2
  sleep $((attempt * 10))
done
echo "'$*' failed 5 times, giving up" >&2
exit 1
