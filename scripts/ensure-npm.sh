#!/usr/bin/env bash
# Installs the npm packages the tests need into the given folder, unless already there.
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
cp "$here/npm-package.json" "$dir/package.json"
if [ -f "$dir/node_modules/.installed" ] && cmp -s "$here/npm-package.json" "$dir/node_modules/.installed"; then
  exit 0
fi
cd "$dir"
"$here/retry.sh" npm install --no-audit --no-fund --ignore-scripts --loglevel=error
cp "$here/npm-package.json" node_modules/.installed
